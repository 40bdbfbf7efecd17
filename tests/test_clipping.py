"""Clipping against its definition and torch.nn.utils.clip_grad_norm_."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnsym.clipping import clip_by_norm, clip_elementwise
from rnnsym.model import Model
from rnnsym.numeric import backward
from tests.test_numeric import instance


def test_norm_clipping_the_textbook_example():
    result = clip_by_norm(np.array([3.0, 4.0]), 1.0)
    np.testing.assert_allclose(result.grads, [0.6, 0.8], rtol=1e-15)
    assert result.norm_before == 5.0
    assert math.isclose(result.norm_after, 1.0, rel_tol=1e-15)
    assert result.clipped and result.kind == "norm"


@pytest.mark.parametrize("fraction", [0.002, 0.1, 0.5, 0.999])
def test_norm_clipping_keeps_the_direction_and_sets_the_norm(fraction):
    g = np.random.default_rng(1).standard_normal((4, 5))
    norm = math.sqrt(math.fsum(v * v for v in g.ravel()))
    threshold = fraction * norm
    result = clip_by_norm(g, threshold)
    assert result.clipped
    np.testing.assert_allclose(result.grads, g * (threshold / norm), rtol=1e-14)
    clipped_norm = math.sqrt(math.fsum(v * v for v in result.grads.ravel()))
    assert math.isclose(clipped_norm, threshold, rel_tol=1e-14)
    cosine = np.sum(g * result.grads) / (norm * clipped_norm)
    assert math.isclose(cosine, 1.0, rel_tol=1e-14)
    assert math.isclose(result.norm_before, norm, rel_tol=1e-14)


@pytest.mark.parametrize("threshold", [5.0, 5.0000001, 100.0])
def test_norm_clipping_below_the_threshold_is_a_no_op(threshold):
    g = np.array([3.0, 4.0])
    result = clip_by_norm(g, threshold)
    assert not result.clipped
    np.testing.assert_array_equal(result.grads, g)
    assert result.norm_before == result.norm_after == 5.0


def test_norm_clipping_a_dict_uses_the_global_norm():
    grads = {"W": np.array([[3.0, 0.0], [0.0, 0.0]]), "b": np.array([0.0, 4.0])}
    result = clip_by_norm(grads, 1.0)
    assert result.norm_before == 5.0
    np.testing.assert_allclose(result.grads["W"], [[0.6, 0.0], [0.0, 0.0]], rtol=1e-15)
    np.testing.assert_allclose(result.grads["b"], [0.0, 0.8], rtol=1e-15)


def test_elementwise_clipping_is_named_and_changes_the_direction():
    result = clip_elementwise(np.array([3.0, 4.0]), 1.0)
    np.testing.assert_array_equal(result.grads, [1.0, 1.0])
    assert result.kind == "elementwise" and result.clipped
    assert result.norm_before == 5.0
    assert math.isclose(result.norm_after, math.sqrt(2), rel_tol=1e-15)
    # (1, 1) is not parallel to (3, 4): cos = 7 / (5√2) < 1.
    assert math.isclose(7 / (5 * math.sqrt(2)), np.dot([3.0, 4.0], result.grads)
                        / (5.0 * result.norm_after), rel_tol=1e-15)
    assert "elementwise" in (clip_elementwise.__doc__ or "").lower()
    assert "direction" in (clip_elementwise.__doc__ or "")


def test_elementwise_clipping_within_bounds_is_a_no_op():
    grads = {"a": np.array([0.5, -0.9]), "b": np.array([[1.0]])}
    result = clip_elementwise(grads, 1.0)
    assert not result.clipped
    for key in grads:
        np.testing.assert_array_equal(result.grads[key], grads[key])


@pytest.mark.parametrize("clip", [clip_by_norm, clip_elementwise])
@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan")])
def test_clipping_refuses_a_threshold_that_is_not_positive(clip, bad):
    with pytest.raises(ValueError):
        clip(np.array([1.0]), bad)


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 3.0, 1e3])
def test_global_norm_clipping_matches_torch(max_norm):
    torch = pytest.importorskip("torch")
    model = Model(n=3, d=4, k=3)
    params, data = instance(model, steps=5, batch=2, seed=6, scale=1.5)
    grads = backward(model, params, data).as_dict()
    result = clip_by_norm(grads, max_norm)
    tensors = {name: torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64))
               for name, g in grads.items()}
    for name, t in tensors.items():
        t.grad = torch.from_numpy(grads[name].copy())
    total = torch.nn.utils.clip_grad_norm_(list(tensors.values()), max_norm)
    assert math.isclose(result.norm_before, float(total), rel_tol=1e-14)
    # torch divides by ‖g‖ + 1e-6, so its clipped gradients differ by a factor 1 + 1e-6/‖g‖.
    for name, t in tensors.items():
        np.testing.assert_allclose(result.grads[name], t.grad.numpy(),
                                   rtol=2e-6 / result.norm_before, atol=0)


