"""The verdict: what the bound proves against what the measurement shows."""

import math

import numpy as np
import pytest

from rnnsym.stability import JacobianReport
from rnnsym.vanish import experiment, judge, measured_rate


def report(norms, gamma, lam):
    lags = np.arange(len(norms))
    return JacobianReport(lags, np.array(norms, dtype=float), (gamma * lam) ** lags, gamma, lam)


def test_rate_below_one_is_vanishing_whatever_is_measured():
    v = judge(report([1.0, 0.5, 0.3], 0.25, 2.0))
    assert v.verdict == "vanishing" and v.rate == 0.5 and "sufficient" in v.reason


def test_rate_above_one_and_growing_norms_is_exploding():
    v = judge(report([1.0, 2.0, 4.0], 1.0, 3.0))
    assert v.verdict == "exploding" and v.measured_rate == pytest.approx(2.0)
    assert "only necessary" in v.reason and "grow" in v.reason


def test_rate_above_one_and_shrinking_norms_is_undetermined():
    v = judge(report([1.0, 0.5, 0.25], 1.0, 3.0))
    assert v.verdict == "undetermined" and v.measured_rate == pytest.approx(0.5)
    assert "cannot decide" in v.reason


def test_one_step_cannot_be_measured():
    assert math.isnan(measured_rate(report([1.0], 1.0, 2.0)))
    assert judge(report([1.0], 1.0, 2.0)).verdict == "undetermined"
    assert judge(report([1.0], 0.25, 2.0)).verdict == "vanishing"


@pytest.mark.parametrize("activation, norm", [("sigmoid", 3.0), ("tanh", 0.9), ("tanh", 3.0),
                                              ("sigmoid", 8.0)])
def test_measured_norms_respect_the_bound(activation, norm):
    r = experiment(activation, norm, steps=20, d=6, seed=3)
    gamma = {"sigmoid": 0.25, "tanh": 1.0}[activation]
    assert r.gamma == gamma and r.lam == norm
    np.testing.assert_allclose(r.bounds, (gamma * norm) ** np.arange(20), rtol=1e-12)
    assert r.norms[0] == 1.0
    assert np.all(r.norms <= r.bounds * (1 + 1e-12))


def test_experiment_is_deterministic_and_seeded():
    a, b = experiment(seed=5), experiment(seed=5)
    np.testing.assert_array_equal(a.norms, b.norms)
    assert not np.array_equal(a.norms, experiment(seed=6).norms)


@pytest.mark.parametrize("kwargs, message", [
    ({"norm": -1.0}, "spectral norm"), ({"steps": 0}, "number of steps"),
    ({"d": 10**6}, "hidden size"), ({"activation": "relu"}, "activation 'relu'"),
])
def test_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        experiment(**kwargs)


def test_docstring_examples():
    import doctest

    import rnnsym.vanish

    assert doctest.testmod(rnnsym.vanish).failed == 0
