"""What Streamlit draws around the pages, in French or hidden. Its main menu ("Print", "Record
screen", "Made with Streamlit") has no French version: hidden. The status widget's "Stop" button
is hidden (a person cannot usefully stop a run; the widget itself stays, `toolbarMode = "viewer"`).
The link for keyboard users, "Skip to main content", keeps working and reads in French. The
"Page not found" dialog (an address that is no page at all), the upload boxes ("Drag and drop
a file here", "Upload", "200MB per file") and the hint under a field being typed in ("Press
Enter to apply", "Press Ctrl+Enter to submit form") are rewritten in French."""

from __future__ import annotations

import streamlit as st

# Static CSS and script only, no user text. Selectors are Streamlit 1.67's data-testid
# attributes, checked in a real browser by tests/browser/test_french_chrome.py.
CHROME_CSS = """
<style>
[data-testid="stMainMenu"], [data-testid="stStatusWidget"] button { display: none !important; }
</style>
"""

SKIP_LINK = "Aller au contenu principal"
PAGE_NOT_FOUND = "Page introuvable"
PAGE_NOT_FOUND_TEXT = ("Cette adresse ne correspond à aucune page de Ruralités : "
                       "voici la page d'accueil.")

_FRENCH_DIALOGS = r"""
<script>
(() => {
  if (window.__ruralitesFrench) return;
  const french = () => {
    document.querySelectorAll('[data-testid="stSkipToContent"]').forEach((link) => {
      if (link.textContent !== %(skip)s) link.textContent = %(skip)s;
    });
    frenchDialogs();
    frenchUploads();
    frenchInstructions();
  };
  const SUBMIT = {'apply': 'valider', 'submit form': 'envoyer le formulaire'};
  const frenchInstructions = () => document.querySelectorAll('[data-testid="InputInstructions"]')
    .forEach((hint) => {
      const walker = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const press = node.nodeValue.match(/^Press (.*?)Enter to (apply|submit form)$/);
        if (press) node.nodeValue = `Appuyez sur ${press[1]}Entrée pour ${SUBMIT[press[2]]}`;
      }
    });
  const UPLOAD = {
    'Drag and drop a file here': 'Glissez-déposez un fichier ici',
    'Drag and drop files here': 'Glissez-déposez des fichiers ici',
    'Drag and drop directories here': 'Glissez-déposez des dossiers ici',
    'Upload': 'Choisir un fichier', 'Upload directories': 'Choisir un dossier',
    'Add files': 'Ajouter des fichiers',
  };
  const UNITS = {B: 'o', KB: 'Ko', MB: 'Mo', GB: 'Go'};
  const frenchUploads = () => document.querySelectorAll('[data-testid="stFileUploader"]')
    .forEach((box) => {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue;
        if (UPLOAD[text]) node.nodeValue = UPLOAD[text];
        const limit = text.match(/^([\d.,]+)\s*(B|KB|MB|GB) per file$/);
        if (limit) node.nodeValue = `${limit[1].replace('.', ',')} ${UNITS[limit[2]]} au plus par fichier`;
      }
    });
  const frenchDialogs = () => document.querySelectorAll('[role="dialog"]').forEach((dialog) => {
    const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue === 'Page not found') node.nodeValue = %(title)s;
      else if (node.nodeValue.includes('does not seem to exist')
               || node.nodeValue.includes("app's pages/ directory")) node.nodeValue = %(text)s;
    }
  });
  window.__ruralitesFrench = new MutationObserver(french);
  window.__ruralitesFrench.observe(document.body, {childList: true, subtree: true,
                                                   characterData: true});
  french();
})();
</script>
"""


def french_chrome() -> None:
    import json

    st.html(CHROME_CSS)
    st.html(_FRENCH_DIALOGS % {"title": json.dumps(PAGE_NOT_FOUND),
                               "text": json.dumps(PAGE_NOT_FOUND_TEXT),
                               "skip": json.dumps(SKIP_LINK)},
            unsafe_allow_javascript=True)
