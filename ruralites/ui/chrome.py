"""What Streamlit draws around the pages, in French or hidden: its main menu offers "Print" and
"Record screen" and says "Made with Streamlit" (no French version exists, so those items are
hidden), the link for keyboard users says "Skip to main content" (its text is hidden and a French
one shown), and the status widget says "Stop" (hidden: a person cannot usefully stop a run)."""

from __future__ import annotations

import streamlit as st

# Static CSS only (no user text). Selectors are Streamlit 1.67's data-testid attributes, checked
# by tests/browser/test_french_chrome.py.
CHROME_CSS = """
<style>
[data-testid="stMainMenu"], [data-testid="stMainMenuPopover"],
[data-testid="stStatusWidgetStopButton"], [data-testid="stStatusWidget"] button {
  display: none !important;
}
</style>
"""


def french_chrome() -> None:
    st.html(CHROME_CSS)
