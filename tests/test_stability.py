"""Step Jacobians against finite differences of one step, and their products' norms against
the bound (γλ)^lag and against products of the explicit Jacobians diag(σ'(a_t)) W."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest

from rnnsym.model import ACTIVATIONS, CONVENTIONS, Model
from rnnsym.numeric import Params
from rnnsym.stability import jacobian_report, scaled_to_norm, step_jacobians
from tests.test_numeric import ACT, SPACINGS, STENCIL, column, instance, moves, rel_error, slope


def column_states(model: Model, params: Params, x, s0):
    p, sigma = column(model, params), ACT[model.activation]
    states = [s0]
    for x_t in x:
        states.append(sigma(p["U"] @ x_t + p["W"] @ states[-1] + p["b"]))
    return states


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
def test_step_jacobians_match_finite_differences(activation, convention):
    model = Model(n=3, d=4, k=2, activation=activation, convention=convention)
    params, data = instance(model, steps=5, batch=1, seed=12, scale=0.9)
    x, s0 = data.x[0], data.s0[0]
    jac = step_jacobians(model, params, x, s0)
    assert jac.shape == (5, 4, 4)
    states = column_states(model, params, x, s0)
    p, sigma, h = column(model, params), ACT[activation], 1e-3
    step = lambda t, s: sigma(p["U"] @ x[t - 1] + p["W"] @ s + p["b"])  # noqa: E731
    for t in range(1, 6):
        f = np.empty((4, 4, len(SPACINGS), len(STENCIL), 2))  # (s_t)_i, (s_{t−1})_j moved
        for j, (spacing, i, side, offset) in itertools.product(range(4), moves(h)):
            moved = states[t - 1].copy()
            moved[j] += offset
            f[:, j, spacing, i, side] = step(t, moved)
        numeric = slope(f, h)
        assert rel_error(jac[t - 1], numeric) < 1e-8


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("lam", [0.5, 1.0, 3.0, 6.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jacobian_norms_respect_the_bound(activation, lam, seed):
    model = Model(n=3, d=5, k=2, activation=activation, convention=["column", "row"][seed % 2])
    params, data = instance(model, steps=12, batch=1, seed=seed)
    params = replace(params, W=scaled_to_norm(params.W, lam))
    report = jacobian_report(model, params, data.x[0], data.s0[0])
    gamma = {"sigmoid": 0.25, "tanh": 1.0}[activation]
    assert report.gamma == gamma
    assert math.isclose(report.lam, np.linalg.svd(params.W, compute_uv=False)[0], rel_tol=1e-12)
    assert math.isclose(report.rate, gamma * lam, rel_tol=1e-12)
    np.testing.assert_array_equal(report.lags, np.arange(12))
    np.testing.assert_allclose(report.bounds, (gamma * lam) ** np.arange(12), rtol=1e-12)
    assert np.all(report.norms <= report.bounds + 1e-12)
    # The norms are those of products of the explicit Jacobians diag(σ'(a_t)) W.
    states = column_states(model, params, data.x[0], data.s0[0])
    prime = ACTIVATIONS[activation].prime_from_state
    w_col = column(model, params)["W"]
    product = np.eye(5)
    assert report.norms[0] == 1.0
    for lag in range(1, 12):
        product = product @ (np.diag(prime(states[13 - lag])) @ w_col)
        assert math.isclose(report.norms[lag], np.linalg.norm(product, 2), rel_tol=1e-9,
                            abs_tol=1e-300)


