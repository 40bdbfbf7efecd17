"""Safe readers for the numbers, vectors and matrices of a problem ("0.9", "[[3, 4]]").

Numbers are read exactly, as Fractions: "0.1" is 1/10, so a clipping threshold or a norm λ
given in decimals gives exact answers where the problem is exact. Vectors and matrices are
JSON arrays, read by json.loads with hooks that turn every number into a Fraction and refuse
NaN and infinities; nothing is evaluated.

Example:
    >>> parse_number("3/2"), parse_number("0.25")
    (Fraction(3, 2), Fraction(1, 4))
    >>> parse_array("[[3, 4]]")
    [[Fraction(3, 1), Fraction(4, 1)]]
"""

from __future__ import annotations

import json
import re
from fractions import Fraction

from rnnsym.solvers.base import SolveError

MAX_TEXT = 100_000  # characters of one array
MAX_ENTRIES = 10_000
MAX_EXPONENT = 100  # |e| in 1.5e±e; keeps every value (and its square) a finite float
_NUMBER = re.compile(r"\s*([-+]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([-+]?\d{1,4}))?\s*")
_RATIO = re.compile(r"\s*([-+]?\d{1,30})\s*/\s*(\d{1,30})\s*")


def _decimal(text: str) -> Fraction | None:
    match = _NUMBER.fullmatch(text)
    if not match or len(text) > 60:
        return None
    sign, digits, exponent = match.groups()
    exp = int(exponent or 0)
    if abs(exp) > MAX_EXPONENT:
        return None
    value = Fraction(digits) * Fraction(10) ** exp
    return -value if sign == "-" else value


def parse_number(value, what: str = "value") -> Fraction:
    """Read a number exactly: an int, a Fraction, a finite float, or text ("0.9", "3/2", "1e-3").

    Raises:
        SolveError: not a finite number of reasonable size.
    """
    if isinstance(value, bool):
        raise SolveError(f"{what} must be a number, got {value!r}")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        raise SolveError(f"{what} must be a number, got {type(value).__name__}")
    number = _decimal(text)
    if number is None and (ratio := _RATIO.fullmatch(text)):
        if int(ratio.group(2)) == 0:
            raise SolveError(f"{what}: division by zero in {text!r}")
        number = Fraction(int(ratio.group(1)), int(ratio.group(2)))
    if number is None:
        raise SolveError(f"{what} must be a finite number such as 0.9 or 3/2, got {text!r}")
    return number


def _refuse_constant(name: str):
    raise SolveError(f"{name} is not a finite number")


def _shape_of(value, what: str) -> tuple[int, ...]:
    if isinstance(value, Fraction):
        return ()
    if not isinstance(value, list) or not value:
        raise SolveError(f"{what} must be a non-empty array of numbers")
    shapes = {_shape_of(v, what) for v in value}
    if len(shapes) != 1:
        raise SolveError(f"{what} is not rectangular: its rows have different lengths")
    return (len(value), *shapes.pop())


def _exact(value, what: str):
    if isinstance(value, list | tuple):
        return [_exact(v, what) for v in value]
    if hasattr(value, "tolist"):  # a NumPy array from a caller
        return _exact(value.tolist(), what)
    return parse_number(value, f"an entry of {what}")


def parse_array(value, what: str = "the array", ndim: tuple[int, ...] = (1, 2)) -> list:
    """Read a vector or matrix given as JSON text (or as nested lists) into Fractions.

    Raises:
        SolveError: not JSON, not numbers, ragged, empty, too large, or of the wrong rank.
    """
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise SolveError(f"{what} is too long ({len(value)} characters)")
        try:
            entry = f"an entry of {what}"
            value = json.loads(value, parse_float=lambda t: parse_number(t, entry),
                               parse_int=lambda t: parse_number(t, entry),
                               parse_constant=_refuse_constant)
        except json.JSONDecodeError as err:
            raise SolveError(f"{what} is not a JSON array such as [[1, 2], [3, 4]] "
                             f"({err.msg} at character {err.pos})") from None
        except RecursionError:
            raise SolveError(f"{what} is nested too deeply") from None
    if not isinstance(value, list | tuple) and not hasattr(value, "tolist"):
        raise SolveError(f"{what} must be an array such as [3, 4] or [[1, 2], [3, 4]]")
    exact = _exact(value, what)
    shape = _shape_of(exact, what)
    if len(shape) not in ndim:
        ranks = " or ".join({1: "a vector", 2: "a matrix"}[n] for n in ndim)
        raise SolveError(f"{what} must be {ranks}, got an array of {len(shape)} dimensions")
    size = 1
    for extent in shape:
        size *= extent
    if size > MAX_ENTRIES:
        raise SolveError(f"{what} has {size} entries; at most {MAX_ENTRIES} are allowed")
    return exact


def shape(array: list) -> tuple[int, ...]:
    """The shape of a nested list read by parse_array."""
    out = []
    while isinstance(array, list):
        out.append(len(array))
        array = array[0]
    return tuple(out)
