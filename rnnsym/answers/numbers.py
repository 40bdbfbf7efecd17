"""Judging numbers: integers and rationals exactly, decimals within the problem's tolerance.

A decimal typed by a student is read exactly (0.25 is 1/4), so an exact key accepts 0.25 for
1/4 but not 0.333 for 1/3; that answer gets a remark that it is close but not exact. An
answer may be given as an equation, `n = 14`, when the problem names its unknown.

Example:
    >>> judge_integer("n = 14", 14, name="n").verdict
    'correct'
    >>> judge_number("0.2501", 0.25, abs_tol=1e-3).verdict
    'correct'
    >>> judge_integer("-15", 14, mistakes=(Mistake(-15, "negative_root", "n ≥ 1"),)).feedback
    (Feedback(category='negative_root', message='n ≥ 1'),)
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from sympy import Eq, Expr, Float, Integer, Rational, S, Symbol

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
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

_DIGITS = 30  # precision of the comparison of numbers that are not rational


def as_number(key) -> Expr:
    """A key given as int, Fraction, float, str or SymPy number, as a SymPy number."""
    if isinstance(key, bool):
        raise ValueError("a key must be a number, not a bool")
    if isinstance(key, int):
        return Integer(key)
    if isinstance(key, Fraction):
        return Rational(key.numerator, key.denominator)
    if isinstance(key, float):
        return Float(key)
    if isinstance(key, str):
        return parse(key)
    return key


def unwrap_equation(value, name: str | None) -> tuple[object, Feedback | None]:
    """`n = 14` → (14, None); a different name gives a wrong_variable remark.

    Raises:
        AnswerError: the left side of the equation is not a name.
    """
    if not isinstance(value, Eq):
        return value, None
    lhs, rhs = value.args
    if not isinstance(lhs, Symbol):
        raise AnswerError("syntax", "the left side of = must be a name, as in n = 14")
    if name is not None and str(lhs) != name:
        return rhs, Feedback("wrong_variable", f"the problem asks for {name}, not {lhs}")
    return rhs, None


def read_number(text: str, limits: Limits = DEFAULT_LIMITS, name: str | None = None):
    """(the number an answer gives, a wrong_variable remark or None, the answer as read).

    Raises:
        AnswerError: the answer cannot be read, or is not a finite number.
    """
    whole = parse(text, limits=limits)
    value, remark = unwrap_equation(whole, name)
    if not isinstance(value, Expr) or not value.is_number:
        raise AnswerError("not_a_number", f"the answer should be a number; it was read as "
                          f"{whole}")
    if value.has(S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity):
        raise AnswerError("not_finite", "the answer is not a finite number (it divides by "
                          "zero or takes the logarithm of 0)")
    return value, remark, whole


def same_number(value: Expr, key: Expr, rel_tol: float = 0.0, abs_tol: float = 0.0) -> bool:
    """Whether value equals key: exactly for two rationals without tolerance, else numerically.

    Example:
        >>> same_number(Rational(1, 4), Rational(25, 100)), same_number(Rational(333, 1000),
        ...     Rational(1, 3), rel_tol=1e-2)
        (True, True)
    """
    if value.is_Rational and key.is_Rational and rel_tol == 0 and abs_tol == 0:
        return value == key
    a, b = _numeric(value), _numeric(key)
    if a is None or b is None:
        return False
    if a[1] != 0 or b[1] != 0:  # complex values: only the same number, to the last digits
        return abs(a[0] - b[0]) + abs(a[1] - b[1]) <= 10.0 ** (5 - _DIGITS)
    allowed = max(rel_tol * abs(b[0]), abs_tol)
    if allowed == 0:
        allowed = 10.0 ** (5 - _DIGITS) * max(1, abs(b[0]))
    return bool(abs(a[0] - b[0]) <= allowed)


def _numeric(value: Expr):
    """(real part, imaginary part) as SymPy Floats, or None if not a finite number."""
    number = value.evalf(_DIGITS)
    if not number.is_number or number.has(S.NaN, S.ComplexInfinity, S.Infinity,
                                          S.NegativeInfinity):
        return None
    real, imag = number.as_real_imag()
    return (real, imag) if real.is_Number and imag.is_Number else None


def judge_number(answer: str, key, *, rel_tol: float = 0.0, abs_tol: float = 0.0,
                 name: str | None = None, mistakes: Iterable[Mistake] = (),
                 limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge a number: exact for a rational key without tolerance, else within tolerance.

    Args:
        answer: the student's text, e.g. "0.25", "1/4", "n = 14".
        key: the right value; a float key without tolerance is compared to 1e-9 relative.
        rel_tol, abs_tol: the tolerance the problem states.
        name: the unknown's name, if the problem names it (answers `name = value` allowed).
        mistakes: known wrong answers and what to say about them.
        limits: the bounds on the answer.
    """
    key = as_number(key)
    if isinstance(key, Float) and rel_tol == 0 and abs_tol == 0:
        rel_tol = 1e-9
    return guarded(_judge_number, answer, key, rel_tol, abs_tol, name, tuple(mistakes), limits)


def _judge_number(answer, key, rel_tol, abs_tol, name, mistakes, limits) -> Verdict:
    value, remark, whole = read_number(answer, limits, name)
    parsed = echo(whole)
    if remark is not None:
        return Verdict(INCORRECT, 0.0, parsed, (remark,))
    if same_number(value, key, rel_tol, abs_tol):
        return graded(1.0, parsed)
    return _wrong(value, key, parsed, mistakes, limits, rel_tol, abs_tol)


def _wrong(value, key, parsed, mistakes, limits, rel_tol, abs_tol) -> Verdict:
    same = lambda a, b: same_number(a, as_number(b), rel_tol, abs_tol)  # noqa: E731
    mistake = find_mistake(value, mistakes, lambda text: read_number(text, limits)[0], same)
    if mistake is not None:
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(mistake.category, mistake.message),))
    numeric = _numeric(value)
    if numeric is not None and numeric[1] != 0:
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(
            "not_real", f"the answer {value} is not a real number"),))
    if key.is_Rational and rel_tol == 0 and abs_tol == 0 and same_number(value, key, 1e-2):
        return Verdict(INCORRECT, 0.0, parsed, (Feedback(
            "inexact", f"{value} is close to the answer but not exact; the problem asks for "
            f"the exact value (a whole number or a fraction)"),))
    return Verdict(INCORRECT, 0.0, parsed)


def judge_integer(answer: str, key: int, *, name: str | None = None,
                  mistakes: Iterable[Mistake] = (), limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge a whole-number answer exactly; a non-integer answer gets a not_integer remark.

    Example:
        >>> judge_integer("7/2", 3).feedback[0].category
        'not_integer'
    """
    return guarded(_judge_integer, answer, Integer(key), name, tuple(mistakes), limits)


def _judge_integer(answer, key, name, mistakes, limits) -> Verdict:
    verdict = _judge_number(answer, key, 0.0, 0.0, name, mistakes, limits)
    if verdict.verdict == INCORRECT and not verdict.feedback:
        value = read_number(answer, limits, name)[0]
        if not value.is_Integer:
            return Verdict(INCORRECT, 0.0, verdict.parsed, (Feedback(
                "not_integer", f"the answer should be a whole number; {value} is not"),))
    return verdict


def judge_equation(answer: str, name: str, key, **options) -> Verdict:
    """Judge `name = value` (or the value alone) with judge_number's options.

    Example:
        >>> judge_equation("d = 14", "n", 14).feedback[0].category
        'wrong_variable'
    """
    return judge_number(answer, key, name=name, **options)
