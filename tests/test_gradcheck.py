"""The finite-difference check: stencils exact where theory says, batched = loop, and a
wrong gradient caught and shown."""

import itertools

import numpy as np
import pytest
from typer.testing import CliRunner

from rnnsym import gradcheck as gc
from rnnsym import numeric
from rnnsym.cli import app
from rnnsym.instance import random_instance
from rnnsym.model import Model, ModelError

runner = CliRunner()


def all_models(n=2, d=3, k=2):
    """Every valid combination of the model's choices."""
    for act, out, loss, arch, conv in itertools.product(
            ("tanh", "sigmoid"), ("softmax", "sigmoid", "identity"), ("cross_entropy", "mse"),
            ("many-to-many", "many-to-one", "one-to-many", "one-to-one"), ("column", "row")):
        try:
            yield Model(n, d, k, act, out, loss, arch, conv)
        except ModelError:
            continue


def instance(model, steps=3, batch=2, seed=0):
    steps = 1 if model.architecture == "one-to-one" else steps
    return random_instance(model, steps, batch, np.random.default_rng(seed))


def test_relative_error_by_hand():
    assert gc.relative_error(1.0, 3.0) == pytest.approx(0.5)
    assert gc.relative_error(0.0, 0.0) == 0.0
    assert gc.relative_error(0.0, 1e-9) == pytest.approx(0.1)  # the 1e-8 floor


@pytest.mark.parametrize("stencil, exact_degree", [("2-point", 2), ("4-point", 4),
                                                   ("6-point", 6)])
def test_stencils_are_exact_on_polynomials_of_their_order(stencil, exact_degree):
    # A central stencil of order p differentiates polynomials of degree ≤ p exactly.
    x = np.array([0.3, -1.2])
    f = lambda v: float(np.sum(v ** exact_degree))  # noqa: E731
    grad = gc.numerical_gradient_loop(f, x.copy(), step=0.1, stencil=stencil)
    np.testing.assert_allclose(grad, exact_degree * x ** (exact_degree - 1), rtol=1e-11)
    too_high = lambda v: float(np.sum(v ** (exact_degree + 1)))  # noqa: E731
    grad = gc.numerical_gradient_loop(too_high, x.copy(), step=0.1, stencil=stencil)
    assert not np.allclose(grad, (exact_degree + 1) * x ** exact_degree, rtol=1e-9)


def test_loop_restores_the_array():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = x.copy()
    grad = gc.numerical_gradient_loop(lambda v: float(np.sin(v).sum()), x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(grad, np.cos(before), rtol=1e-10)


@pytest.mark.parametrize("model", list(all_models())[::5], ids=str)
def test_batched_equals_the_loop(model):
    inst = instance(model)
    kw = {"shared_s0": inst.shared_s0}
    batched = gc.numerical_gradients(inst.model, inst.params, inst.data, **kw)
    loop = gc.numerical_gradients_loop(inst.model, inst.params, inst.data, **kw)
    assert batched.keys() == loop.keys() == {"U", "W", "V", "b", "c", "s0"}
    for name in batched:
        # The perturbed points are the same floats; only the order of sums may differ.
        np.testing.assert_allclose(batched[name], loop[name], rtol=1e-9, atol=1e-11,
                                   err_msg=name)


def test_chunking_does_not_change_the_result():
    inst = instance(Model(2, 3, 2), steps=4, batch=2)
    whole = gc.numerical_gradients(inst.model, inst.params, inst.data)
    one_by_one = gc.numerical_gradients(inst.model, inst.params, inst.data, chunk=1)
    for name in whole:
        np.testing.assert_allclose(whole[name], one_by_one[name], rtol=1e-9, atol=1e-12)


def test_shared_s0_is_the_sum_over_the_batch():
    inst = instance(Model(2, 3, 2), batch=3)
    data = inst.data.__class__(x=inst.data.x, s0=np.broadcast_to(inst.data.s0[0], (3, 3)),
                               targets=inst.data.targets, mask=inst.data.mask)
    shared = gc.numerical_gradients(inst.model, inst.params, data, shared_s0=True)["s0"]
    each = gc.numerical_gradients(inst.model, inst.params, data)["s0"]
    assert shared.shape == (3,) and each.shape == (3, 3)
    np.testing.assert_allclose(shared, each.sum(axis=0), rtol=1e-8)


@pytest.mark.parametrize("model", list(all_models()), ids=str)
def test_bptt_passes_on_every_choice(model):
    inst = instance(model, seed=1)
    report = gc.gradcheck(inst.model, inst.params, inst.data, shared_s0=inst.shared_s0)
    assert report.passed, report
    assert report.tolerance == 1e-6 and report.stencil == "6-point" and report.step == 5e-3


def test_a_wrong_gradient_is_caught_with_both_numbers():
    inst = instance(Model(2, 3, 2), batch=1)
    grads = gc.analytic_gradients(inst.model, inst.params, inst.data, inst.shared_s0)
    wrong = {**grads, "W": grads["W"].copy()}
    wrong["W"][2, 1] += 1e-3
    report = gc.gradcheck(inst.model, inst.params, inst.data, shared_s0=True, analytic=wrong)
    assert not report.passed
    assert [c.name for c in report.checks if not c.passed] == ["W"]
    bad = report["W"]
    assert bad.worst_index == (2, 1)
    assert bad.analytic == wrong["W"][2, 1]
    assert bad.numeric == pytest.approx(grads["W"][2, 1], rel=1e-7)
    assert bad.max_rel_error == pytest.approx(
        abs(bad.analytic - bad.numeric) / (abs(bad.analytic) + abs(bad.numeric)))


def test_truncated_bptt_is_not_the_gradient():
    inst = instance(Model(2, 3, 2), steps=5, batch=1)
    truncated = numeric.backward(inst.model, inst.params, inst.data, truncate=1).as_dict()
    truncated["s0"] = truncated["s0"].sum(axis=0)
    report = gc.gradcheck(inst.model, inst.params, inst.data, shared_s0=True,
                          analytic=truncated)
    assert not report["W"].passed and report["V"].passed and report["c"].passed


def test_nan_counts_as_a_failure():
    report = gc.compare({"b": np.array([1.0, np.nan])}, {"b": np.array([1.0, 1.0])})
    assert report["b"].max_rel_error == np.inf and report["b"].worst_index == (1,)
    assert not report.passed


@pytest.mark.parametrize("kwargs, message", [
    ({"tolerance": 0.0}, "tolerance must be a positive"),
    ({"step": -1.0}, "step h must be a positive"),
    ({"stencil": "3-point"}, "stencil '3-point' is not known"),
    ({"method": "fast"}, "method 'fast' is not known"),
])
def test_bad_settings(kwargs, message):
    inst = instance(Model(1, 1, 2), steps=1, batch=1)
    with pytest.raises(ValueError, match=message):
        gc.gradcheck(inst.model, inst.params, inst.data, **kwargs)


# --- through the command line -------------------------------------------------------------


def test_cli_shows_fail_and_exits_1_on_a_wrong_gradient(monkeypatch):
    real = numeric.backward

    def wrong_backward(model, params, data, truncate=None):
        grads = real(model, params, data, truncate)
        return numeric.Gradients(U=grads.U, W=grads.W * 1.001, b=grads.b, s0=grads.s0,
                                 V=grads.V, c=grads.c)

    monkeypatch.setattr(numeric, "backward", wrong_backward)
    result = runner.invoke(app, ["gradcheck"])
    assert result.exit_code == 1, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert lines["W"].rstrip().endswith("FAIL")
    assert lines["U"].rstrip().endswith("PASS")
    assert "FAIL: W disagree beyond 1e-06" in result.stdout
    as_json = runner.invoke(app, ["gradcheck", "--json"])
    assert as_json.exit_code == 1


def test_cli_tolerance_decides_the_exit_code():
    # The 2-point stencil's default step leaves relative errors well above 1e-12.
    strict = runner.invoke(app, ["gradcheck", "--stencil", "2-point", "--tol", "1e-12"])
    assert strict.exit_code == 1
    assert runner.invoke(app, ["gradcheck", "--stencil", "2-point", "--tol", "1e-4"]
                         ).exit_code == 0


def test_docstring_examples():
    import doctest

    import rnnsym.gradcheck

    assert doctest.testmod(rnnsym.gradcheck).failed == 0


def test_no_loss_no_gradient_check():
    inst = instance(Model(1, 1, 2), steps=2, batch=1)
    from dataclasses import replace

    bare = replace(inst.params, V=None, c=None)
    for method in (gc.numerical_gradients, gc.numerical_gradients_loop):
        with pytest.raises(ValueError, match="need V, c and targets"):
            method(inst.model, bare, inst.data)
    report = gc.gradcheck(inst.model, inst.params, inst.data, shared_s0=True)
    with pytest.raises(KeyError):
        report["x"]
