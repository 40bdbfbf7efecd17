"""What the diagonal of diag(v) W holds, in the unit's terms: σ'(a_i), σ(a_i), the other
activation's derivative, 1, γ, or something else.

An entrywise expression of the answer is rewritten for the problem's activation: σ is that
activation, σ'(x) its derivative written through the state (model.ACTIVATIONS'
prime_from_state), s_i = σ(a_i), and s and a alone stand for s_i and a_i. Two expressions
are the same when `expand` makes their difference 0; when it leaves a non-zero number they
differ; otherwise (exponentials against sigmoid atoms, say) they must agree to 20 digits at
random points. The candidate readings are a table built from the activation table, so a
new activation needs no code here.

Example:
    >>> from sympy import Symbol
    >>> reading(Symbol("s_i") * (1 - Symbol("s_i")), "sigmoid")
    'prime'
    >>> reading(1 - Symbol("s_i")**2, "sigmoid")
    'wrong_activation_prime'
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from sympy import Basic, Rational, Symbol

from rnnsym.answers.functions import sigma, sigma_prime
from rnnsym.answers.products import count_terms
from rnnsym.model import ACTIVATIONS
from rnnsym.unrolled import ACTIVATION_FUNCTIONS

PRE = Symbol("a_i")
STATE = Symbol("s_i")
# The vectors an entrywise expression may use: a_i and s_i (also written a, s), and the
# quantities of the step that are wrong here but meaningful (s_(i−1), x_i, b).
OTHER_VECTORS = frozenset(Symbol(n) for n in ("s_i-1", "x_i", "b"))
VECTORS = frozenset({PRE, STATE, Symbol("a"), Symbol("s"), *OTHER_VECTORS})

_DIGITS = 30
_POINTS = 5
_MAX_EXPANDED = 2000  # terms: beyond, the random points decide alone


def rewrite(expr: Basic, activation: str) -> Basic:
    """expr with σ, σ' and s_i written through a_i for the activation."""
    function = ACTIVATION_FUNCTIONS[activation]
    prime = ACTIVATIONS[activation].prime_from_state
    state = function(PRE)
    expr = expr.xreplace({Symbol("a"): PRE, Symbol("s"): state, STATE: state})
    expr = expr.replace(sigma_prime, lambda x: prime(function(x)))
    return expr.replace(sigma, function)


def candidates(activation: str) -> tuple[tuple[str, Basic], ...]:
    """(reading, expression in a_i) for each thing a diagonal is likely to hold.

    "prime" is the right one; the others name the mistake. The first match wins, so where
    two coincide (tanh's γ is 1) the more telling reading comes first.
    """
    act = ACTIVATIONS[activation]
    state = ACTIVATION_FUNCTIONS[activation](PRE)
    rows = [("prime", act.prime_from_state(state)), ("sigma_not_prime", state),
            ("missing_sigma_prime", Rational(1)),
            ("gamma_not_prime", Rational(act.gamma.numerator, act.gamma.denominator))]
    for name, other in ACTIVATIONS.items():
        if name != activation:  # its rule applied to this state, and its own derivative
            own = ACTIVATION_FUNCTIONS[name](PRE)
            rows += [("wrong_activation_prime", other.prime_from_state(state)),
                     ("wrong_activation_prime", other.prime_from_state(own))]
    return tuple(rows)


def reading(expr: Basic, activation: str) -> str:
    """The reading of candidates(activation) that an entrywise expression is, or "other"."""
    probe = Probe(rewrite(expr, activation))
    for name, candidate in candidates(activation):
        if probe.same(candidate):
            return name
    return "other"


def same_entrywise(a: Basic, b: Basic) -> bool:
    """Whether two entrywise expressions (already rewritten) are the same function."""
    return Probe(a).same(b)


class Probe:
    """An entrywise expression, compared with others by algebra and then at random points;
    its own values at the points are computed once, when first needed."""

    def __init__(self, expr: Basic, seed: int = 0):
        self.expr = expr
        rng = np.random.default_rng(seed)
        variables = sorted(expr.free_symbols | {PRE}, key=str)
        self.points = [{v: Rational(int(rng.integers(-300, 300)), 97) for v in variables}
                       for _ in range(_POINTS)]

    @cached_property
    def values(self) -> list:
        return [_value(self.expr, point) for point in self.points]

    def same(self, other: Basic) -> bool:
        """Whether other (in a_i alone, or in the probe's names) is the same function."""
        difference = self.expr - other
        if count_terms(difference) <= _MAX_EXPANDED:  # (1 + s_i)^10000 goes to the points
            difference = difference.expand(deep=False)
            if difference == 0:
                return True
            if difference.is_Number:
                return False
        agreed = 0
        for point, mine in zip(self.points, self.values, strict=True):
            theirs = _value(other, point)
            if mine is None or theirs is None:
                continue  # outside the domain (log of a negative, 1/0)
            if abs(mine - theirs) > (abs(mine) + 1) * 10.0 ** (10 - _DIGITS):
                return False
            agreed += 1
        return agreed > 0


def _value(expr: Basic, point: dict):
    """expr at a point to _DIGITS digits, or None where it is not a finite real number."""
    value = expr.xreplace(point).evalf(_DIGITS)
    if not value.is_number or not value.is_finite or not value.is_real:
        return None
    return value
