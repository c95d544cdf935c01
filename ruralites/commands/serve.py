"""`ruralites serve`: the app for an evening, on this computer or on the local network."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys

from ruralites import network
from ruralites.cli import CliError, command, open_database
from ruralites.config import PROJECT_ROOT

# serve.py: app.py with the /session routes; .streamlit/config.toml holds the server's options.
ENTRY = "serve.py"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lan", action="store_true",
                        help="sert l'application sur le réseau local (tablettes, téléphones)")
    parser.add_argument("--port", type=int, default=network.DEFAULT_PORT,
                        help=f"port (défaut : {network.DEFAULT_PORT})")
    parser.add_argument("--address", metavar="IP",
                        help="avec --lan, n'écoute que sur cette adresse (ex. 10.42.0.1)")


def _qr_text(url: str) -> str:
    import qrcode

    qr = qrcode.QRCode(border=1)
    qr.add_data(url)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()


@command("serve", configure=_configure)
def serve(args) -> None:
    """Lance l'application. Avec --lan, elle est servie sur le réseau local (Wi-Fi de la salle
    ou point d'accès Wi-Fi de l'ordinateur) : les tablettes et les téléphones l'ouvrent à
    l'adresse affichée, que reprennent tous les liens et QR codes.
    Exemple : ruralites serve --lan --port 8501
    """
    if not 1 <= args.port <= 65535:
        raise CliError(f"Le port {args.port} n'existe pas : choisissez un nombre de 1 à 65535.")
    if args.address and not args.lan:
        raise CliError("--address va avec --lan (l'adresse du réseau local où servir).")
    address = (args.address or "0.0.0.0") if args.lan else "127.0.0.1"  # noqa: S104 — --lan asks for it
    if args.address and args.address not in network.local_addresses():
        raise CliError(f"L'adresse {args.address} n'est pas celle de cet ordinateur. Ses adresses "
                       f"sur un réseau : {', '.join(network.local_addresses()) or 'aucune'}.")
    open_database()  # the schema is brought up to date before anyone connects
    public = network.current(network.Listening(address, args.port))
    print(f"Adresse des tablettes et des téléphones : {public.url}")
    for problem in public.problems:
        print(f"Attention : {problem}")
    if args.lan and not public.problems:
        print(_qr_text(public.url))
    print("Arrêt : Ctrl+C.", flush=True)
    command_line = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / ENTRY),
                    f"--server.address={address}", f"--server.port={args.port}",
                    "--server.headless=true", "--browser.gatherUsageStats=false",
                    ]
    try:
        code = subprocess.call(command_line, cwd=PROJECT_ROOT)
    except KeyboardInterrupt:
        return
    if code not in (0, -2, 130):
        raise CliError(f"Le serveur s'est arrêté (code {code}) : le port {args.port} est "
                       "peut-être déjà pris ; essayez --port 8502.")
