"""The demo data set (Ruralités en Trégor), one module per phase: core (the call and council
decisions), listening, choice, inspiring (witnesses and inspiring evenings)."""

from ruralites.demo.core import (
    COMMUNES,
    DEMO_NOTICE,
    NAME,
    SLUG,
    DemoCommune,
    load,
)

__all__ = [
    "COMMUNES",
    "DEMO_NOTICE",
    "DemoCommune",
    "NAME",
    "SLUG",
    "load",
]
