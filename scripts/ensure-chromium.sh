#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (Playwright cannot download one here).
set -eu
browser=${RURALITES_CHROMIUM:-/usr/bin/chromium}
# Wait for Debian's package lock when another install holds it (two clones set up at once).
apt="apt-get -o DPkg::Lock::Timeout=600"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium manque pour les tests navigateur : installation du paquet Debian « chromium »…"
  $apt update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $apt install -y -q chromium fonts-noto-color-emoji >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  echo "Chromium manque pour les tests navigateur : installation du paquet Debian « chromium » (sudo)…"
  sudo $apt update -q >/dev/null && sudo DEBIAN_FRONTEND=noninteractive $apt install -y -q chromium fonts-noto-color-emoji >/dev/null
else
  echo "Chromium est nécessaire aux tests navigateur et n'est pas installé."
  echo "Installez-le avec : sudo apt-get install chromium   (ou indiquez son chemin dans RURALITES_CHROMIUM)"
  exit 1
fi
test -x "$browser" || { echo "L'installation de Chromium a échoué : lancez « sudo apt-get install chromium »."; exit 1; }
