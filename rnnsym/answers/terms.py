"""A chain-rule answer as its terms: each an ordered tuple of factors with a coefficient.

Multiplying out is done here rather than by SymPy's expand, so that it is bounded (the
count of terms is checked before each product is formed) and so that the factors of every
term keep the order the student wrote them in.

Example:
    >>> from rnnsym.notation import partial
    >>> a, b, c = partial("L_2", "y_2"), partial("y_2", "s_2"), partial("s_2", "W")
    >>> expanded_terms(a * (b + 2 * b) * c)
    {(dL_2/dy_2, dy_2/ds_2, ds_2/dW): 3}
"""

from __future__ import annotations

from sympy import Add, Basic, Expr, Integer, Mul, Pow
from sympy.matrices import MatrixBase

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits

Terms = dict[tuple, Expr]  # factor tuple → coefficient


def expanded_terms(expr: Basic, limits: Limits = DEFAULT_LIMITS) -> Terms:
    """The terms of expr multiplied out; terms whose coefficients cancel are dropped.

    Raises:
        AnswerError: expr is not an expression (a matrix, a tuple, an equation), or
            multiplying out would give more than limits.max_terms terms.
    """
    if not isinstance(expr, Expr) or isinstance(expr, MatrixBase):
        raise AnswerError("not_a_sum", f"the answer should be a sum of products of partial "
                          f"derivatives; it was read as {expr}")
    collected: Terms = {}
    for factors, coefficient in _terms(expr, limits):
        collected[factors] = collected.get(factors, Integer(0)) + coefficient
    return {factors: c for factors, c in collected.items() if c != 0}


def _terms(expr: Basic, limits: Limits) -> list[tuple[tuple, Expr]]:
    if isinstance(expr, Add):
        found = [term for arg in expr.args for term in _terms(arg, limits)]
        _check(len(found), limits)
        return found
    if isinstance(expr, Mul):
        result = [((), Integer(1))]
        for arg in expr.args:
            result = _multiply(result, _terms(arg, limits), limits)
        return result
    if (isinstance(expr, Pow) and expr.exp.is_Integer and expr.exp > 0
            and not expr.base.is_commutative):
        part = _terms(expr.base, limits)
        result = [((), Integer(1))]
        for _ in range(int(expr.exp)):
            result = _multiply(result, part, limits)
        return result
    if getattr(expr, "is_commutative", False):
        return [((), expr)]
    return [((expr,), Integer(1))]


def _multiply(left: list, right: list, limits: Limits) -> list:
    _check(len(left) * len(right), limits)
    return [(lf + rf, lc * rc) for lf, lc in left for rf, rc in right]


def _check(count: int, limits: Limits) -> None:
    if count > limits.max_terms:
        raise AnswerError("too_many_terms",
                          f"the answer expands to more than {limits.max_terms:,} terms")
