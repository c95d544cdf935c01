"""The bundle file: one UTF-8 JSON document, versioned, with a SHA-256 checksum.

    {"format": "ruralites-bundle", "version": 1, "checksum": "sha256:…", "payload": {…}}

The checksum covers the format name, the version and the payload written canonically (sorted
keys, no spaces), so a changed byte anywhere, or a file cut short, is refused whole. A bundle
written by a newer version of the format is refused with the version it needs. Pure: no
database here."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ruralites.errors import UserError

FORMAT = "ruralites-bundle"
VERSION = 1  # raise it when a reader of this version could misread a newer bundle
SUFFIX = ".ruralites"


class BundleError(UserError):
    """A bundle refused whole: nothing of it was stored."""


def _canonical(version: int, payload: dict[str, Any]) -> bytes:
    return json.dumps({"format": FORMAT, "version": version, "payload": payload},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum(version: int, payload: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(_canonical(version, payload)).hexdigest()


def dumps(payload: dict[str, Any]) -> bytes:
    """The file's bytes: readable JSON (one key per line at the top), checksum included."""
    envelope = {"format": FORMAT, "version": VERSION, "checksum": checksum(VERSION, payload),
                "payload": payload}
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, indent=1).encode() + b"\n"


def loads(data: bytes) -> dict[str, Any]:
    """The payload of a bundle, once its format, version and checksum are checked."""
    if not data.strip():
        raise BundleError("Le fichier est vide : ce n'est pas un paquet Ruralités.")
    try:
        envelope = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BundleError("Ce fichier n'est pas un paquet Ruralités (ce n'est pas du texte "
                          "UTF-8) : rien n'a été importé.") from None
    except json.JSONDecodeError:
        if data.lstrip().startswith(b"{") and FORMAT.encode() in data[:200]:
            raise BundleError("Le paquet est incomplet ou abîmé (fichier coupé ou modifié) : "
                              "rien n'a été importé. Exportez-le à nouveau depuis "
                              "l'ordinateur de la soirée.") from None
        raise BundleError("Ce fichier n'est pas un paquet Ruralités : rien n'a été "
                          "importé.") from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise BundleError("Ce fichier n'est pas un paquet Ruralités : rien n'a été importé.")
    version = envelope.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError("La version du paquet est illisible : rien n'a été importé.")
    if version > VERSION:
        raise BundleError(f"Ce paquet est au format {version} ; cette version de Ruralités ne "
                          f"lit que le format {VERSION} au plus. Mettez Ruralités à jour (une "
                          f"version qui lit le format {version}) avant de l'importer : rien "
                          "n'a été importé.")
    payload = envelope.get("payload")
    if not isinstance(payload, dict) or envelope.get("checksum") != checksum(version, payload):
        raise BundleError("Le paquet a été modifié ou abîmé depuis son export (sa somme de "
                          "contrôle ne correspond plus) : rien n'a été importé. Exportez-le à "
                          "nouveau depuis l'ordinateur de la soirée.")
    return payload
