"""Shapes of every vector and matrix of the RNN, in the column or the row convention.

    column:  a_i = U x_i + W s_{i−1} + b     vectors are columns (n × 1)
    row:     a_i = x_i U + s_{i−1} W + b     vectors are rows (1 × n)

The course notes write U x_i (column form) but list U as n × d (row form); both are right in
their own convention, and each shape follows from what the matrix multiplies.

Example:
    >>> solve(3, 4, 2).key["U"]
    (4, 3)
    >>> solve(3, 4, 2, convention="row").key["U"]
    (3, 4)
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnsym.model import CONVENTIONS, choose
from rnnsym.solvers.base import SolveError, Step

MAX_SIZE = 10**9


@dataclass(frozen=True)
class Entry:
    """A row of the shape table: the column-form shape (letters) and why it is so."""

    column: tuple[str, str]
    column_why: str
    row_why: str


def _t(shape: tuple[str, str]) -> tuple[str, str]:
    return (shape[1], shape[0])


ENTRIES = {
    "x_i": Entry(("n", "1"), "the input at step i, a column of n numbers",
                 "the input at step i, a row of n numbers"),
    "s_i": Entry(("d", "1"), "the hidden state, one entry per hidden unit",
                 "the hidden state, one entry per hidden unit"),
    "y_i": Entry(("k", "1"), "the output, one entry per class", "the output, one entry per class"),
    "U": Entry(("d", "n"), "U x_i turns n inputs into d hidden values: (d × n)(n × 1)",
               "x_i U turns n inputs into d hidden values: (1 × n)(n × d)"),
    "W": Entry(("d", "d"), "W s_{i−1} turns d hidden values into d: (d × d)(d × 1)",
               "s_{i−1} W turns d hidden values into d: (1 × d)(d × d)"),
    "V": Entry(("k", "d"), "V s_i turns d hidden values into k outputs: (k × d)(d × 1)",
               "s_i V turns d hidden values into k outputs: (1 × d)(d × k)"),
    "b": Entry(("d", "1"), "added to a_i, so shaped like s_i", "added to a_i, so shaped like s_i"),
    "c": Entry(("k", "1"), "added to o_i, so shaped like y_i", "added to o_i, so shaped like y_i"),
}


@dataclass(frozen=True)
class DimsResult:
    """The shapes of x_i, s_i, y_i, U, W, V, b, c.

    Attributes:
        sizes: {"n": …, "d": …, "k": …}, each an int or its letter when not given.
        convention: "column" or "row".
        key: name → shape (rows, columns), ints where the sizes are given, else letters.
        steps: the reasoning, one line per shape.
    """

    sizes: dict
    convention: str
    key: dict
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        return {"sizes": self.sizes, "convention": self.convention,
                "shapes": {name: list(shape) for name, shape in self.key.items()},
                "formula": CONVENTIONS[self.convention].formula,
                "steps": [s.as_dict() for s in self.steps]}


def _size(value, letter: str):
    if value is None:
        return letter
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIZE:
        raise SolveError(f"{letter} must be a positive whole number, got {value!r}")
    return value


def solve(n=None, d=None, k=None, convention: str = "column") -> DimsResult:
    """Shapes for input size n, hidden size d, output size k (letters where not given).

    Example:
        >>> solve(convention="row").key["V"]
        ('d', 'k')
    """
    conv = choose(CONVENTIONS, convention, "convention")
    sizes = {"n": _size(n, "n"), "d": _size(d, "d"), "k": _size(k, "k")}
    value = lambda letter: sizes.get(letter, 1)  # noqa: E731  ("1" stays 1)
    steps = [Step(f"{convention} convention: {conv.formula}")]
    key = {}
    for name, entry in ENTRIES.items():
        letters = _t(entry.column) if conv.transposed else entry.column
        shape = tuple(value(x) if x != "1" else 1 for x in letters)
        key[name] = shape
        why = entry.row_why if conv.transposed else entry.column_why
        shown = " × ".join(map(str, shape))
        letters_shown = " × ".join(letters)
        line = f"{name}: {letters_shown}" + (f" = {shown}" if shown != letters_shown else "")
        steps.append(Step(f"{line} — {why}."))
    steps.append(Step("The notes write U x_i (column form) but list U ∈ R^{n×d} (row form); "
                      "each is consistent within its own convention."))
    return DimsResult(sizes, convention, key, tuple(steps))
