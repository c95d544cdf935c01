"""Orientation: the support-scheme catalogue, the Aides-territoires import, and the rules that
recommend schemes for a commune's project. Pure domain: no database, no Streamlit.

- ``catalogue``: :class:`Scheme`, :func:`load_catalogue`, :func:`catalogue`, :func:`parse_scheme`
  (a staff entry), :class:`SchemeError`;
- ``aides_territoires``: :func:`~.aides_territoires.read_export`,
  :func:`~.aides_territoires.parse_export` (imported as a submodule: it needs BeautifulSoup);
- ``rules``: :func:`recommend` -> :class:`Orientation` (``recommended``, ``excluded``);
- ``territory``: where a scheme applies, resolved with the commune referential.
"""

from ruralites.orientation.catalogue import (
    Scheme,
    SchemeError,
    by_slug,
    catalogue,
    load_catalogue,
    parse_scheme,
)
from ruralites.orientation.rules import (
    Exclusion,
    Orientation,
    OrientationError,
    Recommendation,
    recommend,
)
from ruralites.orientation.territory import Territory

__all__ = [
    "Exclusion",
    "Orientation",
    "OrientationError",
    "Recommendation",
    "Scheme",
    "SchemeError",
    "Territory",
    "by_slug",
    "catalogue",
    "load_catalogue",
    "parse_scheme",
    "recommend",
]
