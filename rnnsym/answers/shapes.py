"""Judging a shape: `(14, 7)`, `14x7`, `14×7`, `[d, n]` or `d x n`.

Example:
    >>> judge_shape("7 x 14", (14, 7)).feedback[0].category
    'transposed'
    >>> judge_shape("(d, n)", "(d, n)").verdict
    'correct'
"""

from __future__ import annotations

from collections.abc import Iterable

from sympy import Integer, Tuple, expand

from rnnsym.answers.limits import DEFAULT_LIMITS, Limits
from rnnsym.answers.parse import parse, parse_shape
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


def as_shape(key) -> tuple:
    """A key given as a tuple of ints or expressions, or as text, as a tuple of SymPy objects."""
    if isinstance(key, str):
        return parse_shape(key)
    return tuple(Integer(d) if isinstance(d, int) else parse(d) if isinstance(d, str) else d
                 for d in key)


def same_shape(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x == y or expand(x - y) == 0 for x, y in zip(a, b,
                                                                                strict=True))


def judge_shape(answer: str, key, *, mistakes: Iterable[Mistake] = (),
                limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge the shape of a vector, matrix or tensor.

    Args:
        answer: the student's text.
        key: the right shape, e.g. (14, 7) or "(d, n)".
        mistakes: known wrong answers and what to say about them.
        limits: the bounds on the answer.
    """
    return guarded(_judge_shape, answer, as_shape(key), tuple(mistakes), limits)


def _judge_shape(answer, key, mistakes, limits) -> Verdict:
    value = parse_shape(answer, limits=limits)
    parsed = echo(Tuple(*value))
    if same_shape(value, key):
        return graded(1.0, parsed)
    mistake = find_mistake(value, mistakes, lambda t: parse_shape(t, limits=limits),
                           lambda a, b: same_shape(a, as_shape(b)))
    if mistake:
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(mistake.category, mistake.message),))
    if len(value) != len(key):
        count = f"{len(key)} dimension{'s' if len(key) != 1 else ''}"
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(
            "wrong_rank", f"the shape has {len(value)} dimension"
            f"{'s' if len(value) != 1 else ''}; it needs {count}"),))
    if len(key) > 1 and same_shape(tuple(reversed(value)), key):
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(
            "transposed", "rows and columns are swapped: this is the shape of the transpose"),))
    return Verdict(INCORRECT, 0.0, parsed)
