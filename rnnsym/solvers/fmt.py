"""One-line Unicode and LaTeX forms of SymPy values, as a student writes them by hand.

SymPy's pretty printer draws fractions over several lines; explanation steps need one line
("3n²/4 + n", "−46/3"), so this module rewrites SymPy's plain string form.

Example:
    >>> import sympy
    >>> n = sympy.Symbol("n")
    >>> uni(3 * n**2 / 4 + n)
    '3n²/4 + n'
"""

from __future__ import annotations

import re
from fractions import Fraction

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power(match: re.Match) -> str:
    return match.group(1).translate(_SUPERSCRIPTS)


def uni(value) -> str:
    """A one-line Unicode form: implicit products (3n), superscript powers, true minus signs.

    Example:
        >>> uni(Fraction(-46, 3))
        '−46/3'
    """
    text = str(value)
    text = re.sub(r"\*I\b", "i", text)  # SymPy's imaginary unit: 2*I → 2i
    text = re.sub(r"\*\*(\d+)", _power, text)
    text = re.sub(r"\*\*\(?(-?\d+/\d+)\)?", r"^(\1)", text)
    text = re.sub(r"(\d)\*(?=[A-Za-z(])", r"\1", text)  # 3*n → 3n
    text = re.sub(r"sqrt\((\d+)\)", r"√\1", text)  # √2, but √(n + 1)
    text = text.replace("sqrt", "√").replace("*", "·")
    return text.replace("-", "−")


def latex(value) -> str:
    """The LaTeX form (SymPy's printer, which is exact for Rationals, radicals and symbols)."""
    import sympy

    return sympy.latex(value)


def plain(value):
    """A JSON-ready form of an exact value: int for integers, "p/q" or SymPy text otherwise.

    Example:
        >>> plain(Fraction(14)), plain(Fraction(-46, 3))
        (14, '-46/3')
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else str(value)
    if getattr(value, "is_Integer", False):
        return int(value)
    return str(value)
