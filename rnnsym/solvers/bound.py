"""The vanishing-gradient bound ‖∂s_t/∂s_k‖ ≤ (γλ)^{t−k} and what it proves.

Each factor ∂s_i/∂s_{i−1} = diag(σ'(a_i)) W has norm at most γ·λ, with γ = max σ' (1/4 for
sigmoid, 1 for tanh) and λ = ‖W‖₂, so the product over t − k steps is at most (γλ)^{t−k}.

The verdict is a rule per sign of γλ − 1 (the table VERDICTS):

    γλ < 1   vanishing: the bound itself decays geometrically (a sufficient condition).
    γλ = 1   undetermined: the bound stays at 1 and proves nothing.
    γλ > 1   undetermined: the bound grows, so it proves nothing either way. λ > 1/γ is
             necessary for exploding gradients, never sufficient: σ' can be near 0 (saturated
             units), and no lower bound on σ' exists for sigmoid or tanh. So "exploding" is
             never a verdict this bound can give; it is named as possible.

Example:
    >>> solve("tanh", lam="0.9").key
    'vanishing'
    >>> solve("sigmoid", lam=4).key, solve("sigmoid", lam=5).key
    ('undetermined', 'undetermined')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rnnsym.model import ACTIVATIONS, choose
from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.values import parse_array, parse_number, shape

MAX_LAG = 1000
FLOAT_TOLERANCE = 1e-12  # γλ within this of 1, when λ comes from floats, counts as 1


@dataclass(frozen=True)
class Verdict:
    """What the bound proves for one sign of γλ − 1."""

    name: str
    relation: str
    reason: str


VERDICTS = {
    -1: Verdict("vanishing", "<", "the bound (γλ)^{t−k} decays geometrically, so the terms "
                "linking distant steps vanish (a sufficient condition)"),
    0: Verdict("undetermined", "=", "the bound stays at 1 and proves nothing; what happens "
               "depends on the actual σ'(a_i) along the sequence"),
    1: Verdict("undetermined", ">", "the bound grows, so it cannot prove vanishing; exploding "
               "gradients are possible (λ > 1/γ is necessary for them) but not implied, since "
               "σ' can be close to 0"),
}


@dataclass(frozen=True)
class BoundResult:
    """The bound's constants and its verdict.

    Attributes:
        activation: "sigmoid" or "tanh".
        gamma: γ = max σ' (exact).
        lam: λ = ‖W‖₂: a Fraction when given, a float when computed from W.
        rate: γλ.
        lag: t − k when asked, else None; bound: (γλ)^lag then.
        verdict: "vanishing" or "undetermined"; reason: why.
        key: the verdict.
    """

    activation: str
    gamma: Fraction
    lam: Fraction | float
    rate: Fraction | float
    lag: int | None
    bound: Fraction | float | None
    verdict: str
    reason: str
    key: str
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        from rnnsym.solvers.fmt import plain

        return {"activation": self.activation, "gamma": plain(self.gamma),
                "lambda": plain(self.lam), "rate": plain(self.rate), "lag": self.lag,
                "bound": None if self.bound is None else plain(self.bound),
                "rate_float": float(self.rate), "verdict": self.verdict,
                "reason": self.reason, "key": self.key,
                "steps": [s.as_dict() for s in self.steps]}


def spectral_norm(matrix) -> float:
    """‖W‖₂, the largest singular value, of a square matrix given as JSON text or lists.

    Example:
        >>> spectral_norm("[[3, 0], [0, 4]]")
        4.0
    """
    import numpy as np

    exact = parse_array(matrix, "W", ndim=(2,))
    rows, cols = shape(exact)
    if rows != cols:
        raise SolveError(f"W must be square (d × d), got {rows} × {cols}")
    return float(np.linalg.norm(np.array(exact, dtype=float), 2))


def _sign(rate) -> int:
    if isinstance(rate, float) and abs(rate - 1.0) <= FLOAT_TOLERANCE:
        return 0
    return (rate > 1) - (rate < 1)


def solve(activation: str = "tanh", lam=None, W=None, lag: int | None = None) -> BoundResult:
    """γ, the bound (γλ)^{t−k} and the verdict, for a given λ or a given W (λ = ‖W‖₂).

    Example:
        >>> r = solve("sigmoid", lam="2", lag=3)
        >>> r.rate, r.bound
        (Fraction(1, 2), Fraction(1, 8))
    """
    act = choose(ACTIVATIONS, activation, "activation")
    if (lam is None) == (W is None):
        raise SolveError("give either λ (the norm ‖W‖₂) or the matrix W, not both or neither")
    if lam is not None:
        lam = parse_number(lam, "λ")
        if lam < 0:
            raise SolveError(f"λ is a norm, so it cannot be negative; got {lam}")
    else:
        lam = spectral_norm(W)
    if lag is not None and (isinstance(lag, bool) or not isinstance(lag, int)
                            or not 0 <= lag <= MAX_LAG):
        raise SolveError(f"the lag t − k must be a whole number from 0 to {MAX_LAG}")
    rate = act.gamma * lam
    verdict = VERDICTS[_sign(rate)]
    bound = None if lag is None else rate**lag
    steps = _explain(act, lam, W is not None, rate, verdict, lag, bound)
    return BoundResult(activation, act.gamma, lam, rate, lag, bound, verdict.name,
                       verdict.reason, verdict.name, tuple(steps))


def _num(value) -> str:
    if isinstance(value, Fraction):
        shown = str(value).replace("-", "−")
        return shown if value.denominator == 1 else f"{shown} ≈ {float(value):.6g}"
    return f"{value:.6g}"


def _explain(act, lam, from_matrix, rate, verdict, lag, bound) -> list[Step]:
    where = {"sigmoid": "at s = 1/2", "tanh": "at s = 0"}[act.name]
    steps = [
        Step(f"γ = max σ' = {act.gamma} for {act.name} (σ' = {act.prime_text}, largest "
             f"{where})."),
        Step(f"λ = ‖W‖₂ = {_num(lam)}" + (" (the largest singular value of W)."
                                          if from_matrix else " (given).")),
        Step("‖∂s_t/∂s_k‖ ≤ Π_{i=k+1}^{t} ‖diag(σ'(a_i))‖ ‖W‖ ≤ (γλ)^{t−k}",
             r"\left\|\frac{\partial s_t}{\partial s_k}\right\| \le (\gamma\lambda)^{t-k}"),
        Step(f"γλ = {act.gamma} · {_num(lam).split(' ≈')[0]} = {_num(rate)}"
             + ("." if verdict.relation == "=" and rate == 1 else f" {verdict.relation} 1.")),
    ]
    if lag is not None:
        steps.append(Step(f"For t − k = {lag}: (γλ)^{lag} = {_num(bound)}."))
    steps.append(Step(f"Verdict: {verdict.name} — {verdict.reason}."))
    return steps
