"""Vanishing or exploding? The bound ‖∂s_t/∂s_k‖ ≤ (γλ)^{t−k} beside the measured norms.

γλ < 1 is sufficient for vanishing: the bound itself goes to 0. γλ > 1 is only necessary
for exploding: the bound grows, but saturated units can still make the products shrink, so
then the measured norms decide "exploding" only if they actually grow.

Example:
    >>> r = experiment("sigmoid", norm=3.0, steps=10, d=4, seed=0)
    >>> r.rate, judge(r).verdict
    (0.75, 'vanishing')
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rnnsym.model import ACTIVATIONS, Model, choose
from rnnsym.numeric import Params
from rnnsym.stability import JacobianReport, jacobian_report, scaled_to_norm

MAX_SIZE = 1000
MAX_STEPS = 10_000


@dataclass(frozen=True)
class Verdict:
    """What the bound and the measurement say together.

    Attributes:
        verdict: "vanishing", "exploding" or "undetermined".
        rate: γλ, the bound's factor per step.
        measured_rate: the measured factor per step, ‖∂s_T/∂s_1‖^(1/(T−1)); nan when T = 1.
        reason: one sentence saying why.
    """

    verdict: str
    rate: float
    measured_rate: float
    reason: str


@dataclass(frozen=True)
class _Rule:
    verdict: str
    applies: Callable[[float, float], bool]  # (γλ, measured rate) ↦ does this rule decide
    reason: str


# Tried in order; the first that applies decides.
RULES = (
    _Rule("vanishing", lambda rate, measured: rate < 1,
          "γλ = {rate:.3g} < 1 is sufficient: the bound (γλ)^(t−k) itself goes to 0, "
          "whatever the weights and inputs"),
    _Rule("undetermined", lambda rate, measured: math.isnan(measured),
          "γλ = {rate:.3g} ≥ 1 is only necessary for exploding, and one step gives no "
          "product of Jacobians to measure"),
    _Rule("exploding", lambda rate, measured: measured > 1,
          "γλ = {rate:.3g} ≥ 1 is only necessary for exploding; here the measured norms do "
          "grow, about ×{measured:.3g} per step"),
    _Rule("undetermined", lambda rate, measured: True,
          "γλ = {rate:.3g} ≥ 1 is only necessary for exploding, and the measured norms do "
          "not grow (about ×{measured:.3g} per step): the bound cannot decide, and on this "
          "sequence the gradient shrinks"),
)


def measured_rate(report: JacobianReport) -> float:
    """‖∂s_T/∂s_1‖^(1/(T−1)), the geometric mean factor per step; nan when T = 1."""
    if len(report.lags) < 2:
        return math.nan
    return float(report.norms[-1]) ** (1.0 / int(report.lags[-1]))


def judge(report: JacobianReport) -> Verdict:
    """The verdict on one measured report (see RULES).

    Example:
        >>> judge(experiment("tanh", norm=0.5, steps=5, d=3)).verdict
        'vanishing'
    """
    rate, measured = report.rate, measured_rate(report)
    rule = next(r for r in RULES if r.applies(rate, measured))
    return Verdict(rule.verdict, rate, measured, rule.reason.format(rate=rate, measured=measured))


def _check_int(value, what: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise ValueError(f"{what} must be an integer from 1 to {limit:,}, got {value!r}")
    return value


def experiment(activation: str = "sigmoid", norm: float = 3.0, steps: int = 30, d: int = 8,
               seed: int = 0) -> JacobianReport:
    """A random W of spectral norm λ = `norm`, random inputs, and the measured Jacobians.

    W is a Gaussian matrix rescaled to ‖W‖₂ = λ; U is N(0, 1/d), b = 0, s_0 = 0, and the
    d-dimensional inputs x_t are N(0, 1).

    Example:
        >>> r = experiment("tanh", norm=2.0, steps=3, d=2, seed=1)
        >>> r.lam, r.gamma, len(r.norms)
        (2.0, 1.0, 3)
    """
    choose(ACTIVATIONS, activation, "activation")
    if not (isinstance(norm, int | float) and math.isfinite(norm) and norm > 0):
        raise ValueError(f"the spectral norm λ must be a positive number, got {norm!r}")
    _check_int(steps, "the number of steps T", MAX_STEPS)
    _check_int(d, "the hidden size d", MAX_SIZE)
    rng = np.random.default_rng(seed)
    model = Model(n=d, d=d, k=1, activation=activation)
    W = scaled_to_norm(rng.standard_normal((d, d)), norm)
    U = rng.standard_normal((d, d)) / math.sqrt(d)
    x = rng.standard_normal((steps, d))
    with np.errstate(over="ignore"):  # a bound beyond float64 is inf, and shown as such
        report = jacobian_report(model, Params(U=U, W=W, b=np.zeros(d)), x, np.zeros(d))
        # λ as asked, not as recomputed (they differ in the last bits only).
        bounds = (report.gamma * norm) ** report.lags
    return JacobianReport(report.lags, report.norms, bounds, report.gamma, float(norm))
