"""Students' text, made safe to print: one line, control and direction marks escaped."""

from __future__ import annotations

import unicodedata


def printable(text: str, limit: int = 24) -> str:
    """`text` on one line, every control or format character escaped, cut at `limit`.

    Example:
        >>> printable("1\\u202e2\\x1b[2J")
        '1\\\\u202e2\\\\x1b[2J'
        >>> printable("x" * 30, limit=8)
        'xxxxxxx…'
    """
    out = "".join(ch if unicodedata.category(ch)[0] != "C" else
                  (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                  for ch in text)
    return out if len(out) <= limit else out[:limit - 1] + "…"
