"""Keyed pseudonyms for student ids, and the mapping kept apart from the outputs.

A pseudonym is "anon-" and 12 hex digits of HMAC-SHA256(key, student): stable for a key,
unguessable without it. The key is the course secret when there is one; otherwise a random
key generated once and stored beside the mapping file, so re-runs give the same pseudonyms.
Both files live beside the output directory, not in it (OUT.mapping.csv, OUT.key): the
output directory can be shared without them.

Example:
    >>> pseudonym("ada", b"k") == pseudonym("ada", b"k") != pseudonym("ada", b"j")
    True
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import secrets
from pathlib import Path

from rnnsym.grading.outputs import atomic_write, csv_text


def pseudonym(student: str, key: bytes) -> str:
    """The pseudonym of a student under a key."""
    digest = hmac.new(key, b"anonymize\x00" + student.encode(), hashlib.sha256).hexdigest()
    return f"anon-{digest[:12]}"


def mapping_paths(out: Path) -> tuple[Path, Path]:
    """(mapping CSV, key file) of an output directory: beside it, not inside."""
    out = out.resolve()
    return out.with_name(out.name + ".mapping.csv"), out.with_name(out.name + ".key")


def anonymizer_key(out: Path | None, secret: str | None) -> bytes:
    """The key: the secret, else the stored key, else a new random key (stored, 0600)."""
    if secret:
        return secret.encode()
    if out is None:
        return secrets.token_bytes(32)
    path = mapping_paths(out)[1]
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    key = secrets.token_bytes(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key.hex() + "\n")
    return key


def write_mapping(out: Path, names: dict[str, str]) -> Path:
    """Write (merging with an earlier mapping) student → pseudonym beside `out`."""
    path = mapping_paths(out)[0]
    known: dict[str, str] = {}
    if path.exists():
        lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[1:]
        known = {line[1]: line[0] for line in lines if len(line) == 2}
    known.update({alias: student for student, alias in names.items()})
    atomic_write(path, csv_text(["student", "pseudonym"],
                                [[known[alias], alias] for alias in sorted(known)]))
    os.chmod(path, 0o600)
    return path
