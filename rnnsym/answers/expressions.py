"""Judging a symbolic expression: random points first, exact algebra only when they agree.

A wrong answer almost always differs at a random point, so it is found by arithmetic on a
few rational points, without SymPy's simplify. When every point agrees, the difference is
expanded (cheap, and enough for the parameter-count and bound formulas of this unit), and
only if that does not settle it is simplify called; this last step can be slow, which is why
the grading path runs this judge in the sandbox. σ is generic, so an answer with σ must be
proved equal; the points (which take σ to be the sigmoid) can only show it wrong.

Example:
    >>> judge_expression("n d + d^2 + d", "d*(n + d + 1)").verdict
    'correct'
    >>> judge_expression("h d", "n*d").feedback[0].category
    'unknown_symbol'
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sympy import Expr, Rational, S, expand, simplify
from sympy.matrices import MatrixBase

from rnnsym.answers.functions import diag, sigma, sigma_prime, softmax
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.numbers import unwrap_equation
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

_DIGITS = 30
_GENERIC = (sigma, sigma_prime, diag, softmax)


def judge_expression(answer: str, key, *, symbols: Iterable[str] = (), name: str | None = None,
                     points: int = 6, seed: int = 0, mistakes: Iterable[Mistake] = (),
                     limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge an expression in the problem's symbols by symbolic equivalence.

    Args:
        answer: the student's text, e.g. "n*d + d^2 + d" (or "N = …" when name is "N").
        key: the right expression, as SymPy or as text.
        symbols: names the answer may use besides the key's own.
        name: the unknown's name, if the problem names it.
        points: how many random points to try.
        seed: the seed of those points, so that a check is repeatable.
        mistakes: known wrong answers and what to say about them.
        limits: the bounds on the answer.
    """
    key = parse(key) if isinstance(key, str) else key
    return guarded(_judge_expression, answer, key, tuple(symbols), name, points, seed,
                   tuple(mistakes), limits)


def _judge_expression(answer, key, symbols, name, points, seed, mistakes, limits) -> Verdict:
    whole = parse(answer, limits=limits)
    value, remark = unwrap_equation(whole, name)
    _check_symbols(value, key, symbols)
    parsed = echo(whole)
    if remark is not None:
        return Verdict(INCORRECT, 0.0, parsed, (remark,))
    if equivalent(value, key, points=points, seed=seed):
        return graded(1.0, parsed)
    same = lambda a, b: equivalent(a, b, points=points, seed=seed)  # noqa: E731
    mistake = find_mistake(value, mistakes, lambda text: parse(text, limits=limits), same)
    feedback = (Feedback(mistake.category, mistake.message),) if mistake else ()
    return Verdict(INCORRECT, 0.0, parsed, feedback)


def _check_symbols(value, key: Expr, symbols: Iterable[str]) -> None:
    if not isinstance(value, Expr) or isinstance(value, MatrixBase):
        raise AnswerError("not_an_expression", f"the answer should be an expression; it was "
                          f"read as {value}")
    allowed = {str(s) for s in key.free_symbols} | set(symbols)
    unknown = sorted({str(s) for s in value.free_symbols} - allowed)
    if unknown:
        raise AnswerError(
            "unknown_symbol",
            f"the answer uses {', '.join(unknown)}, which {'is' if len(unknown) == 1 else 'are'}"
            f" not among the problem's symbols: {', '.join(sorted(allowed)) or 'none'}")


def equivalent(a: Expr, b: Expr, *, points: int = 6, seed: int = 0) -> bool:
    """Whether a and b are the same expression (see the module doc).

    Example:
        >>> from sympy import symbols
        >>> x, y = symbols("x y")
        >>> equivalent((x + y)**2, x**2 + 2*x*y + y**2), equivalent(x*y, x + y)
        (True, False)
    """
    rng = np.random.default_rng(seed)
    variables = sorted(a.free_symbols | b.free_symbols, key=str)
    agreed = 0
    for _ in range(points):
        point = {v: Rational(int(rng.integers(11, 300)), 97) for v in variables}
        x, y = _value_at(a, point), _value_at(b, point)
        if x is None or y is None:
            continue  # outside the domain of one of them (log of a negative, 1/0)
        if not _close(x, y):
            return False
        agreed += 1
    difference = a - b
    if difference == 0 or expand(difference) == 0:
        return True
    proved = simplify(difference) == 0
    generic = a.has(*_GENERIC) or b.has(*_GENERIC)
    return proved or (agreed == points and not generic)


def _value_at(expr: Expr, point: dict):
    value = expr.xreplace(point)
    if value.is_Rational:
        return value
    value = value.evalf(_DIGITS)
    if not value.is_number or value.has(S.NaN, S.ComplexInfinity, S.Infinity,
                                        S.NegativeInfinity):
        return None
    real, imag = value.as_real_imag()
    return (real, imag) if real.is_Number and imag.is_Number else None


def _close(x, y) -> bool:
    if not isinstance(x, tuple) and not isinstance(y, tuple):
        return x == y
    x = x if isinstance(x, tuple) else (x, S.Zero)
    y = y if isinstance(y, tuple) else (y, S.Zero)
    scale = max(1, abs(x[0]), abs(y[0]), abs(x[1]), abs(y[1]))
    return bool(abs(x[0] - y[0]) + abs(x[1] - y[1]) <= scale * 10.0 ** (8 - _DIGITS))
