"""Judging a vector or matrix, `[1, 2]` or `[[1, 2], [3, 4]]`, entry by entry.

A vector is compared entry by entry whichever way it is written (row or column) unless the
problem says the orientation matters; a matrix given as the transpose of the key is told so.

Example:
    >>> judge_matrix("[[1, 3], [2, 4]]", [[1, 2], [3, 4]]).feedback[0].category
    'transposed'
    >>> judge_matrix("[0.5, 1]", [[Fraction(1, 2)], [1]]).verdict
    'correct'
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction  # noqa: F401 — used by the example above

from sympy import Expr, ImmutableMatrix, expand
from sympy.matrices import MatrixBase

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.numbers import as_number, same_number
from rnnsym.answers.parse import parse
from rnnsym.answers.verdict import (
    INCORRECT,
    Feedback,
    Mistake,
    Verdict,
    echo,
    find_mistake,
    graded,
    guarded,
)


def as_matrix(key) -> ImmutableMatrix:
    """A key given as nested lists, a NumPy array, text or a SymPy matrix, as an ImmutableMatrix."""
    if isinstance(key, str):
        key = parse(key)
    if isinstance(key, MatrixBase):
        return ImmutableMatrix(key)
    if hasattr(key, "tolist"):  # a NumPy array, as the numeric solvers give keys
        key = key.tolist()
    rows = [list(row) if isinstance(row, list | tuple) else [row] for row in key]
    return ImmutableMatrix([[as_number(x) if not isinstance(x, Expr) else x for x in row]
                            for row in rows])


def same_entry(a: Expr, b: Expr, rel_tol: float, abs_tol: float) -> bool:
    if a.is_number and b.is_number:
        return same_number(a, b, rel_tol, abs_tol)
    return expand(a - b) == 0


def same_matrix(a, b, rel_tol: float = 0.0, abs_tol: float = 0.0, oriented: bool = False
                ) -> bool:
    """Whether two matrices are equal entry by entry (vectors in either orientation)."""
    if a.shape != b.shape:
        vectors = 1 in a.shape and 1 in b.shape and len(a) == len(b)
        if oriented or not vectors:
            return False
    return all(same_entry(x, y, rel_tol, abs_tol) for x, y in zip(a, b, strict=True))


def judge_matrix(answer: str, key, *, rel_tol: float = 0.0, abs_tol: float = 0.0,
                 oriented: bool = False, partial_credit: bool = False,
                 mistakes: Iterable[Mistake] = (), limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge a vector or matrix.

    Args:
        answer: the student's text.
        key: the right matrix (nested lists, text or SymPy).
        rel_tol, abs_tol: the tolerance for each entry.
        oriented: whether a row vector differs from a column vector.
        partial_credit: score the fraction of right entries instead of all or nothing.
        mistakes: known wrong answers and what to say about them.
        limits: the bounds on the answer.
    """
    return guarded(_judge_matrix, answer, as_matrix(key), rel_tol, abs_tol, oriented,
                   partial_credit, tuple(mistakes), limits)


def _judge_matrix(answer, key, rel_tol, abs_tol, oriented, partial_credit, mistakes, limits
                  ) -> Verdict:
    value = parse(answer, limits=limits)
    if not isinstance(value, MatrixBase):
        raise AnswerError("not_a_matrix", f"the answer should be a vector or matrix in "
                          f"brackets, as [[1, 2], [3, 4]]; it was read as {value}")
    parsed = echo(value)
    if same_matrix(value, key, rel_tol, abs_tol, oriented):
        return graded(1.0, parsed)
    same = lambda a, b: same_matrix(a, as_matrix(b), rel_tol, abs_tol, oriented)  # noqa: E731
    mistake = find_mistake(value, mistakes, lambda text: parse(text, limits=limits), same)
    if mistake:
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(mistake.category, mistake.message),))
    return _wrong(value, key, parsed, rel_tol, abs_tol, partial_credit)


def _wrong(value, key, parsed, rel_tol, abs_tol, partial_credit) -> Verdict:
    if value.shape == key.T.shape and same_matrix(value, key.T, rel_tol, abs_tol, True):
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(
            "transposed", "this is the transpose of the answer: rows and columns are swapped"),))
    if value.shape != key.shape and not same_shape_vector(value, key):
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(
            "wrong_shape", f"the answer is {value.rows}×{value.cols}; the answer needs "
            f"{key.rows}×{key.cols}"),))
    wrong = [(i // key.cols + 1, i % key.cols + 1) for i, (x, y) in
             enumerate(zip(value, key, strict=True)) if not same_entry(x, y, rel_tol, abs_tol)]
    where = ", ".join(f"({r}, {c})" for r, c in wrong)
    score = 1 - len(wrong) / len(key) if partial_credit else 0.0
    return graded(score, parsed, (Feedback("wrong_entries", f"entries {where} are wrong"
                                           if len(wrong) > 1 else f"entry {where} is wrong"),))


def same_shape_vector(a, b) -> bool:
    return 1 in a.shape and 1 in b.shape and len(a) == len(b)
