"""Refusing a power whose value would take too long to compute, before SymPy computes it.

Example:
    >>> from sympy import Integer
    >>> check_power(Integer(9), Integer(9), DEFAULT_LIMITS)  # 9^9 is fine
    >>> check_power(Integer(9), Integer(387420489), DEFAULT_LIMITS)
    Traceback (most recent call last):
    ...
    rnnsym.answers.limits.AnswerError: the exponent 387420489 is too large; the limit is ±100
"""

from __future__ import annotations

import math

from sympy import Rational
from sympy.matrices import MatrixBase

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits


def check_power(base, exponent, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise AnswerError unless base**exponent is quick to compute.

    A numeric exponent must be a rational of at most limits.max_exponent; a number raised to
    a whole power may have at most limits.max_result_digits digits; a root may be taken of a
    number of at most limits.max_root_digits digits; a partial derivative or other factor
    that does not commute may only be raised to a positive whole power.
    """
    if not getattr(exponent, "is_number", False):
        return
    if not exponent.is_Rational:
        raise AnswerError("bad_exponent", f"the exponent {exponent} must be a rational number")
    if max(abs(exponent.p), exponent.q) > limits.max_exponent:
        raise AnswerError(
            "exponent_too_large",
            f"the exponent {_short(exponent)} is too large; the limit is ±{limits.max_exponent}")
    if isinstance(base, MatrixBase) or not getattr(base, "is_Rational", False):
        if getattr(base, "is_commutative", True) is False and not (
                exponent.is_Integer and exponent > 0):
            raise AnswerError("cannot_compute", f"{base} can only be raised to a positive "
                              f"whole power")
        return
    if exponent.is_Integer:
        if _digits(base) * math.ceil(abs(exponent)) > limits.max_result_digits:
            raise AnswerError(
                "power_too_large",
                f"{_short(base)}^{exponent} would have more than {limits.max_result_digits:,} "
                f"digits")
    elif _digits(base) > limits.max_root_digits:
        raise AnswerError(
            "power_too_large",
            f"the root of a number with more than {limits.max_root_digits} digits is not "
            f"computed")


def _digits(number: Rational) -> int:
    """Decimal digits of the larger of numerator and denominator."""
    return len(str(max(abs(number.p), number.q)))


def _short(number) -> str:
    text = str(number)
    return text if len(text) <= 20 else text[:17] + "…"
