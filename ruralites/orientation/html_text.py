"""HTML from outside (Aides-territoires descriptions, eligibility, contacts) turned into plain
text. The HTML is parsed, never rendered: scripts, styles and embedded objects are dropped with
their content, links keep their address in brackets, paragraphs and list items keep their line
breaks. Uses BeautifulSoup with Python's own HTML parser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString

# Dropped with everything inside them. The first four are "active content": reported.
_ACTIVE = ("script", "iframe", "object", "embed")
_DROPPED = (*_ACTIVE, "style", "template", "noscript", "head", "title", "svg", "math", "form")
_BLOCKS = (
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
    "address", "figure", "hr",
)  # fmt: skip
_LINES = ("li", "tr", "dt", "dd", "caption")
_CELLS = ("td", "th")
_SHOWN_LINKS = ("http://", "https://", "mailto:", "tel:")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True, slots=True)
class PlainText:
    text: str
    active_content: tuple[str, ...]  # tags of active content that were removed, e.g. ("script",)


def html_to_text(markup: str | None) -> PlainText:
    """The readable text of an HTML fragment, and which active tags were removed.

    >>> html_to_text("<p>Bonjour</p><script>alert(1)</script><p>à <b>tous</b></p>").text
    'Bonjour\\n\\nà tous'
    """
    if not markup or not markup.strip():
        return PlainText("", ())
    if "<" not in markup:
        return PlainText(_tidy(html.unescape(markup).replace("\n", " ")), ())
    soup = BeautifulSoup(markup, "html.parser")
    active = sorted({tag.name for tag in soup.find_all(_ACTIVE)})
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for string in soup.find_all(string=True):
        if string.find_parent("pre") is None:
            string.replace_with(_SPACES.sub(" ", str(string)))
    for link in soup.find_all("a"):
        href = str(link.get("href") or "").strip()
        if href.lower().startswith(_SHOWN_LINKS):
            shown = href.split(":", 1)[1] if href.lower().startswith(("mailto:", "tel:")) else href
            if shown and shown not in link.get_text():
                link.append(f" ({shown})")
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for tag in soup.find_all(_CELLS):
        tag.insert_after(NavigableString(" "))
    for tag in soup.find_all(_LINES):
        if tag.name == "li":
            tag.insert(0, NavigableString("- "))
        tag.insert_before(NavigableString("\n"))
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before(NavigableString("\n\n"))
        tag.insert_after(NavigableString("\n\n"))
    return PlainText(_tidy(soup.get_text()), tuple(active))


def _tidy(text: str) -> str:
    """Spaces collapsed on each line, at most one blank line in a row, no blank edges."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
