"""A problem's key written out: as a student would type it, and as JSON data.

key_text renders a key by the problem's answer type (KEY_TEXT, a table of functions of the
key and the solver's whole result; an answer type without an entry has no text form, and
key_text returns None). key_json keeps a key
exact: integers stay integers, other rationals become "p/q" strings, floats stay floats,
vectors and matrices nested lists; key_value gives the same with every non-integer as a
float, for scripts that want numbers (None when the key is not numeric).

Example:
    >>> from fractions import Fraction
    >>> key_text("matrix", [Fraction(3, 5), Fraction(4, 5)])
    '[3/5, 4/5]'
    >>> key_json([Fraction(3, 5), 1]), key_value([Fraction(3, 5), 1])
    (['3/5', 1], [0.6, 1])
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from fractions import Fraction


def _items(value):
    """The entries of a vector or matrix (lists, tuples, NumPy arrays, SymPy matrices)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    return value if isinstance(value, list | tuple) else None


def _scalar_text(value) -> str:
    if isinstance(value, numbers.Rational) and not isinstance(value, numbers.Integral):
        return str(Fraction(int(value.numerator), int(value.denominator)))
    return str(value)


def _matrix_text(value) -> str:
    items = _items(value)
    if items is None:
        return _scalar_text(value)
    return "[" + ", ".join(_matrix_text(item) for item in items) + "]"


def _shape_text(value) -> str:
    return "(" + ", ".join(str(dim) for dim in value) + ")"


def _key_only(render: Callable[[object], str]) -> Callable[[object, object], str]:
    return lambda key, solution: render(key)


def _general_text(key, solution) -> str | None:
    # A general-t key is a function of t; the solver's result carries its formula in LaTeX
    # (Σ_{k=1}^{t} … with t a letter), which the reader reads back.
    return getattr(solution, "formula_latex", None)


# How a key of each answer type is typed: (key, the solver's result) ↦ text. SymPy's str of
# a chain-rule sum (dL_4/dy_4*dy_4/ds_4*…) and of an expression (d**2 + d*n) reads back.
KEY_TEXT: dict[str, Callable[[object, object], str | None]] = {
    "integer": _key_only(_scalar_text),
    "number": _key_only(_scalar_text),
    "equation": _key_only(_scalar_text),
    "expression": _key_only(str),
    "chain": _key_only(str),
    "matrix": _key_only(_matrix_text),
    "shape": _key_only(_shape_text),
    "choice": _key_only(str),
    "general": _general_text,
    "jacobian": _key_only(str),
}


def key_text(answer_type: str, key, solution=None) -> str | None:
    """The key as a student would type it; None when the answer type has no text form
    (or, for a general-t key, when `solution` does not give its formula)."""
    render = KEY_TEXT.get(answer_type)
    return None if render is None else render(key, solution)


def key_json(key):
    """The key as exact JSON data (see the module docstring)."""
    if isinstance(key, bool | str) or key is None:
        return key
    if isinstance(key, numbers.Integral):
        return int(key)
    if isinstance(key, numbers.Rational):
        return _scalar_text(key)
    if isinstance(key, numbers.Real):
        return float(key)
    items = _items(key)
    return str(key) if items is None else [key_json(item) for item in items]


def key_value(key):
    """The key with non-integers as floats; None if any part of it is not a number."""
    if isinstance(key, bool):
        return None
    if isinstance(key, numbers.Integral):
        return int(key)
    if isinstance(key, numbers.Real):
        return float(key)
    items = _items(key)
    if items is None:
        return None
    values = [key_value(item) for item in items]
    return None if any(v is None for v in values) else values
