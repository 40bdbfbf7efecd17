"""A product of matrices as a list of factors: what the Jacobian judge compares.

An answer read by rnnsym.answers.products is multiplied out into terms; each term is a
scalar coefficient and an ordered list of Factor (diag(v), a matrix W or Wᵀ, a partial
derivative, or anything else), with neighbouring diag factors merged (diag(u) diag(v) is
diag(u v)). Terms whose factors differ only in what one diag holds are one term, their
diagonals added: diag(u) W + diag(v) W is diag(u + v) W. A scalar factor is a number or an
entrywise vector (σ'(a_i) W has the vector σ'(a_i) in front of W, not diag(σ'(a_i))).

Example:
    >>> from rnnsym.answers.products import read_product
    >>> [t.kinds for t in terms(read_product("diag(u) W + diag(v) W"))]
    [('diag', 'matrix')]
    >>> terms(read_product("diag(u) W + diag(v) W"))[0].diagonal
    u + v
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Basic, Integer, Mul, Pow, S, Symbol

from rnnsym.answers.functions import diag
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.products import count_terms, transposed
from rnnsym.notation import Partial


@dataclass(frozen=True)
class Factor:
    """One non-commutative factor of a term.

    Attributes:
        kind: "diag", "matrix" (W, U, V or a transpose), "partial" or "other".
        name: for a matrix "W", "Wᵀ", "U", …; for an inverse "W⁻¹"; else "".
        arg: what a diag holds (an entrywise expression), else None.
    """

    kind: str
    name: str = ""
    arg: Basic | None = None


@dataclass(frozen=True)
class Term:
    """One product: a scalar coefficient times its factors, in order.

    Attributes:
        coefficient: a number or an entrywise expression such as σ'(a_i).
        factors: the non-commutative factors, in the order they multiply.
    """

    coefficient: Basic
    factors: tuple[Factor, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(f.kind for f in self.factors)

    @property
    def matrices(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.factors if f.kind == "matrix")

    @property
    def diagonal(self) -> Basic:
        """What the one diag of the term holds, times the coefficient (the coefficient
        alone when there is no diag)."""
        inside = [f.arg for f in self.factors if f.kind == "diag"]
        return self.coefficient * (inside[0] if len(inside) == 1 else S.One)


_SUPERSCRIPT = {-1: "⁻¹", -2: "⁻²", -3: "⁻³"}


def _factor(expr: Basic) -> list[Factor]:
    """The factors one non-commutative factor of a SymPy product stands for."""
    if isinstance(expr, Pow) and expr.exp.is_Integer and expr.exp > 0:
        return _factor(expr.base) * int(expr.exp)
    if isinstance(expr, Pow) and expr.exp.is_Integer:
        inner = _factor(expr.base)
        name = inner[0].name if len(inner) == 1 else "(…)"
        return [Factor("matrix", name + _SUPERSCRIPT[int(expr.exp)])]
    if isinstance(expr, diag):
        if len(expr.args) == 1:
            return [Factor("diag", arg=expr.args[0])]
        return [Factor("other", arg=expr)]
    if isinstance(expr, Symbol):
        return [Factor("matrix", expr.name)]
    if isinstance(expr, transposed) and isinstance(expr.args[0], Symbol):
        return [Factor("matrix", expr.args[0].name + "ᵀ")]
    if isinstance(expr, Partial):
        return [Factor("partial", arg=expr)]
    return [Factor("other", arg=expr)]


def _merged(factors: list[Factor]) -> tuple[Factor, ...]:
    merged: list[Factor] = []
    for factor in factors:
        if factor.kind == "diag" and merged and merged[-1].kind == "diag":
            merged[-1] = Factor("diag", arg=merged[-1].arg * factor.arg)
        else:
            merged.append(factor)
    return tuple(merged)


def _term(expr: Basic) -> Term:
    scalars, others = expr.args_cnc() if isinstance(expr, Mul) else (
        ([expr], []) if expr.is_commutative else ([], [expr]))
    factors = [part for factor in others for part in _factor(factor)]
    return Term(Mul(*scalars), _merged(factors))


def terms(expr: Basic, limits: Limits = DEFAULT_LIMITS) -> list[Term]:
    """The terms of a product of matrices, multiplied out (see the module doc).

    Raises:
        AnswerError: multiplying out would give more terms than the limits allow.
    """
    if count_terms(expr) > limits.max_terms:
        raise AnswerError("too_many_terms",
                          f"the answer expands to more than {limits.max_terms:,} terms")
    expanded = expr.expand(deep=False, power_base=False, power_exp=False, log=False)
    parts = expanded.args if expanded.is_Add else (expanded,)
    grouped: dict[tuple, Basic] = {}
    for part in parts:
        term = _term(part)
        slot = tuple(Factor("diag") if f.kind == "diag" else f for f in term.factors)
        if term.kinds.count("diag") > 1:  # D W D: no one diagonal to add up
            slot = term.factors
            grouped[slot] = grouped.get(slot, Integer(0)) + term.coefficient
            continue
        grouped[slot] = grouped.get(slot, Integer(0)) + term.diagonal
    found = []
    for slot, scalar in grouped.items():
        if scalar == 0:
            continue
        if Factor("diag") in slot:
            found.append(Term(S.One, tuple(Factor("diag", arg=scalar) if f == Factor("diag")
                                           else f for f in slot)))
        else:
            found.append(Term(scalar, slot))
    return found
