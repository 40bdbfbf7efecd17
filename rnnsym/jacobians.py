"""The recurrence's Jacobian ∂s_i/∂s_{i−1} = diag(σ′(a_i)) W, derived rather than asserted.

For a small symbolic size d, SymPy builds s = σ(a) entry by entry and takes its Jacobian
(diagonal, with σ′(a_j) on the diagonal), differentiates σ itself and rewrites σ′ in terms
of s = σ(a) (s(1 − s) for the sigmoid, 1 − s² for tanh), and takes the Jacobian of
a = W s_{i−1} + … with respect to s_{i−1} (W in the column convention; in the row
convention a = s_{i−1} W + … and the Jacobian is the same matrix, W_rowᵀ).

Example:
    >>> e = expand("sigmoid", "column", d=2)
    >>> e.is_diagonal, e.prime_of_s, e.input_jacobian_name
    (True, s*(1 - s), 'W')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from rnnsym.model import ACTIVATIONS, CONVENTIONS, choose


@dataclass(frozen=True)
class SymbolicActivation:
    """σ as SymPy writes it, and its inverse (to rewrite σ′(a) in terms of s = σ(a))."""

    function: Callable
    inverse: Callable


SYMBOLIC_ACTIVATIONS: Mapping[str, SymbolicActivation] = {
    "sigmoid": SymbolicActivation(lambda a: 1 / (1 + sp.exp(-a)), lambda s: sp.log(s / (1 - s))),
    "tanh": SymbolicActivation(sp.tanh, sp.atanh),
}


@dataclass(frozen=True)
class Expansion:
    """What the factors of a derivation are, for one activation and convention.

    Attributes:
        activation, convention: the model's choices.
        d: the hidden size the Jacobians were derived at.
        a: the pre-activation a_i as a d×1 matrix of symbols a1 … ad.
        state_jacobian: ∂s_i/∂a_i, the d×d Jacobian of s = σ(a) taken entrywise.
        is_diagonal: True when every off-diagonal entry of it is zero.
        diagonal_is_prime: True when each diagonal entry ∂s_j/∂a_j equals prime_of_a at a_j.
        prime_of_a: σ′(a) as SymPy differentiates σ.
        prime_of_s: the same rewritten in s = σ(a).
        prime_text: the notes' form of it (s(1 − s), 1 − s²), from the model's table.
        matches_table: prime_of_s equals the model table's prime_from_state(s).
        input_jacobian: ∂a_i/∂s_{i−1}, the d×d Jacobian, in terms of the entries w_pq of
            the convention's stored W.
        input_jacobian_name: "W" (column) or "Wᵀ" (row), which stored matrix that is.
        gamma: max σ′, the constant of the bound ‖∂s_t/∂s_k‖ ≤ (γλ)^{t−k}.
    """

    activation: str
    convention: str
    d: int
    a: sp.Matrix
    state_jacobian: sp.Matrix
    is_diagonal: bool
    diagonal_is_prime: bool
    prime_of_a: sp.Expr
    prime_of_s: sp.Expr
    prime_text: str
    matches_table: bool
    input_jacobian: sp.Matrix
    input_jacobian_name: str
    gamma: Fraction


_S = sp.Symbol("s")
_A = sp.Symbol("a")


def _prime(activation: str) -> tuple[sp.Expr, sp.Expr]:
    """σ′(a) by differentiation, and σ′ in terms of s by substituting a = σ⁻¹(s)."""
    rule = SYMBOLIC_ACTIVATIONS[activation]
    of_a = sp.diff(rule.function(_A), _A)
    of_s = sp.simplify(of_a.subs(_A, rule.inverse(_S)))
    # The shortest of the equal forms: s(1 − s) rather than s − s², 1 − s² rather than
    # (1 − s)(1 + s).
    forms = [_tidy(sp.factor(of_s)), sp.expand(of_s), of_s]
    return of_a, min(forms, key=sp.count_ops)


def _tidy(expr: sp.Expr) -> sp.Expr:
    """−s(s − 1) → s(1 − s): the sign absorbed into a factor, as the notes write it."""
    coeff, rest = expr.as_coeff_Mul()
    sums = [f for f in sp.Mul.make_args(rest) if f.is_Add]
    if coeff == -1 and sums:
        others = [f for f in sp.Mul.make_args(rest) if f is not sums[0]]
        return sp.Mul(*others) * (-sums[0])
    return expr


def _input_jacobian(convention: str, d: int) -> tuple[sp.Matrix, sp.Matrix]:
    """(∂a/∂s_prev, W as stored) for a = W s_prev (column) or a = s_prev W (row)."""
    w = sp.Matrix(d, d, lambda p, q: sp.Symbol(f"w{p + 1}{q + 1}"))
    s_prev = sp.Matrix(d, 1, lambda p, _: sp.Symbol(f"s{p + 1}"))
    transposed = choose(CONVENTIONS, convention, "convention").transposed
    a = (s_prev.T * w).T if transposed else w * s_prev
    return a.jacobian(s_prev), w


def expand(activation: str, convention: str = "column", d: int = 3) -> Expansion:
    """Derive the factors of ∂s_i/∂s_{i−1} = ∂s_i/∂a_i · ∂a_i/∂s_{i−1} for hidden size d.

    Example:
        >>> e = expand("tanh", "row", d=2)
        >>> e.prime_of_s, e.input_jacobian_name
        (1 - s**2, 'Wᵀ')
    """
    table = choose(ACTIVATIONS, activation, "activation")
    rule = SYMBOLIC_ACTIVATIONS[activation]
    a = sp.Matrix(d, 1, lambda j, _: sp.Symbol(f"a{j + 1}"))
    state_jacobian = a.applyfunc(rule.function).jacobian(a)
    is_diagonal = all(state_jacobian[p, q] == 0 for p in range(d) for q in range(d) if p != q)
    of_a, of_s = _prime(activation)
    diagonal_is_prime = all(sp.simplify(state_jacobian[j, j] - of_a.subs(_A, a[j])) == 0
                            for j in range(d))
    matches = sp.simplify(of_s - table.prime_from_state(_S)) == 0
    jac, w = _input_jacobian(convention, d)
    name = "W" if jac == w else "Wᵀ" if jac == w.T else "?"
    return Expansion(activation, convention, d, a, state_jacobian, is_diagonal,
                     diagonal_is_prime, of_a, of_s, table.prime_text, matches, jac, name,
                     table.gamma)
