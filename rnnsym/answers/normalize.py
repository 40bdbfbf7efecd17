"""From the characters a student typed to the few the lexer reads.

Unicode subscripts and superscripts become `_{…}` and `^{…}` (before NFKC, which would turn
`L₄` into `L4` and `x²` into `x2`), the typographic minus, dots and primes become ASCII, and
then NFKC folds full-width and compatibility characters. Characters that can hide what an
answer says are refused, each with its own message: NUL, other control characters and the
bidirectional controls that can make text display in a different order than it is read.

Example:
    >>> normalize("∂L₄/∂y₄ · x² − 1")
    '∂L_{4}/∂y_{4} * x^{2} - 1'
"""

from __future__ import annotations

import re
import unicodedata

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits

_SUBSCRIPT = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ",
                      "0123456789+-=()aeoxhklmnpstijruv", strict=True))
_SUPERSCRIPT = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵗᵀˢ", "0123456789+-=()nijktTs", strict=True))
_SUB_RUN = re.compile("[" + "".join(_SUBSCRIPT) + "]+")
_SUP_RUN = re.compile("[" + "".join(_SUPERSCRIPT) + "]+")

# Typographic characters a student's keyboard, phone or PDF viewer produces.
_ASCII = str.maketrans({
    "−": "-", "–": "-", "‐": "-", "‑": "-",
    "·": "*", "⋅": "*", "∙": "*", "∗": "*", "÷": "/", "⁄": "/",
    "′": "'", "’": "'", "ʹ": "'",
    "…": "..", "∑": "Σ", "∏": "Π",
    "\t": " ", "\n": " ", "\r": " ",
})

# Invisible characters that do not change what the answer says: dropped.
_HARMLESS_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _refuse_hidden(text: str) -> None:
    for position, char in enumerate(text):
        if char == "\x00":
            raise AnswerError(
                "nul", f"the answer contains a NUL character at position {position}", position)
        if char in _BIDI:
            raise AnswerError(
                "bidi_control",
                f"the answer contains an invisible text-direction control "
                f"(U+{ord(char):04X}) at position {position}; type the answer instead of "
                f"pasting it", position)
        if unicodedata.category(char) == "Cc" and char not in "\t\n\r":
            raise AnswerError(
                "control_character",
                f"the answer contains a control character (U+{ord(char):04X}) "
                f"at position {position}", position)


def _check_length(text: str, limits: Limits) -> None:
    if len(text) > limits.max_length:
        raise AnswerError(
            "too_long",
            f"the answer is {len(text):,} characters long; the limit is {limits.max_length:,}")


def normalize(text: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The answer with its characters folded to the lexer's alphabet (see the module doc).

    Raises:
        AnswerError: the answer is not text, is too long, or contains NUL, a control
            character or a bidirectional control.
    """
    if not isinstance(text, str):
        raise AnswerError("not_text", f"the answer must be text, not {type(text).__name__}")
    _check_length(text, limits)
    _refuse_hidden(text)
    text = text.translate(_HARMLESS_INVISIBLE)
    text = _SUB_RUN.sub(lambda m: "_{" + "".join(_SUBSCRIPT[c] for c in m.group()) + "}", text)
    text = _SUP_RUN.sub(lambda m: "^{" + "".join(_SUPERSCRIPT[c] for c in m.group()) + "}", text)
    text = unicodedata.normalize("NFKC", text.translate(_ASCII)).translate(_ASCII)
    _check_length(text, limits)  # NFKC can lengthen a character up to eighteen times
    _refuse_hidden(text)
    return text.strip()
