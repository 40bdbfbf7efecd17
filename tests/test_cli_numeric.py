"""`rnnsym run`, `gradcheck` and `vanish` through the command line.

examples/tiny.json is computed by hand here: n = d = 1, k = 2, tanh, softmax,
cross-entropy, U = 1, W = 0.5, b = 0, V = (1, −1)ᵀ, c = 0, x = (0.5, 1), classes (0, 1).
"""

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from rnnsym.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args))


def assert_fits_80_columns(text):
    assert max(len(line) for line in text.splitlines()) <= 80


def tiny_by_hand():
    """States, outputs, loss and gradients of examples/tiny.json, by the chain rule."""
    x, w = (0.5, 1.0), 0.5
    s1 = math.tanh(x[0])
    s2 = math.tanh(x[1] + w * s1)
    # o_t = (s_t, −s_t): y_t0 = e^s / (e^s + e^−s) = 1 / (1 + e^{−2s}).
    y = [(1 / (1 + math.exp(-2 * s)), 1 / (1 + math.exp(2 * s))) for s in (s1, s2)]
    loss = -math.log(y[0][0]) - math.log(y[1][1])
    do = [(y[0][0] - 1, y[0][1]), (y[1][0], y[1][1] - 1)]  # y − one-hot
    ds_direct = [g0 - g1 for g0, g1 in do]  # Vᵀ do_t with V = (1, −1)ᵀ
    delta2 = ds_direct[1] * (1 - s2**2)
    delta1 = (ds_direct[0] + w * delta2) * (1 - s1**2)
    grads = {
        "U": [[delta1 * x[0] + delta2 * x[1]]],
        "W": [[delta2 * s1]],  # s_0 = 0
        "V": [[do[0][0] * s1 + do[1][0] * s2], [do[0][1] * s1 + do[1][1] * s2]],
        "b": [delta1 + delta2],
        "c": [do[0][0] + do[1][0], do[0][1] + do[1][1]],
        "s0": [w * delta1],
    }
    return [[s1], [s2]], [list(y[0]), list(y[1])], loss, grads


def test_run_tiny_json_matches_hand_computation():
    result = invoke("run", "examples/tiny.json", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    states, outputs, loss, grads = tiny_by_hand()
    np.testing.assert_allclose(out["states"], states, rtol=1e-14)
    np.testing.assert_allclose(out["outputs"], outputs, rtol=1e-14)
    assert out["loss"] == pytest.approx(loss, rel=1e-14)
    assert set(out["grads"]) == set(grads)
    for name, expected in grads.items():
        np.testing.assert_allclose(out["grads"][name], expected, rtol=1e-12, err_msg=name)
    assert out["model"] == {"n": 1, "d": 1, "k": 2, "activation": "tanh",
                            "output": "softmax", "loss": "cross_entropy",
                            "architecture": "many-to-many", "convention": "column"}
    assert out["steps"] == 2 and out["batch"] is None


def test_run_tiny_prints_states_loss_and_gradients():
    result = invoke("run", "examples/tiny.json")
    assert result.exit_code == 0
    _, _, loss, _ = tiny_by_hand()
    assert f"loss L = {loss:.8g}" in result.stdout
    for fragment in ("states s_t", "outputs y_t", "∂L/∂U", "∂L/∂s0", "0.4621", "d×n"):
        assert fragment in result.stdout
    assert_fits_80_columns(result.stdout)


def test_run_batch_json_keeps_the_users_layout():
    out = json.loads(invoke("run", "examples/batch-row.json", "--json").stdout)
    assert np.shape(out["states"]) == (2, 3, 3)  # (B, T, d) like x
    assert np.shape(out["outputs"]) == (2, 3, 2)
    assert np.shape(out["step_losses"]) == (2, 3)
    shapes = {name: np.shape(g) for name, g in out["grads"].items()}
    assert shapes == {"U": (2, 3), "W": (3, 3), "V": (3, 2), "b": (3,), "c": (2,),
                      "s0": (3,)}  # row convention: U n×d, V d×k; s0 as given
    assert out["batch"] == 2 and out["model"]["convention"] == "row"
    assert out["loss"] == pytest.approx(sum(map(sum, out["step_losses"])), rel=1e-14)


def test_run_clip_rescales_the_weights_gradient_to_the_threshold():
    full = json.loads(invoke("run", "examples/batch-row.json", "--json").stdout)
    clipped = json.loads(invoke("run", "examples/batch-row.json", "--json", "--clip",
                                "0.1").stdout)
    weights = ("U", "W", "V", "b", "c")
    norm = math.sqrt(sum(np.sum(np.square(full["grads"][n])) for n in weights))
    assert clipped["clip"]["clipped"] and clipped["clip"]["norm_before"] == pytest.approx(norm)
    for name in weights:
        np.testing.assert_allclose(clipped["grads"][name],
                                   np.array(full["grads"][name]) * 0.1 / norm, rtol=1e-12)
    np.testing.assert_allclose(clipped["grads"]["s0"], full["grads"]["s0"])
    loose = json.loads(invoke("run", "examples/batch-row.json", "--json", "--clip",
                              "1e6").stdout)
    assert not loose["clip"]["clipped"] and loose["grads"] == full["grads"]


def test_run_truncate():
    full = json.loads(invoke("run", "examples/tiny.json", "--json").stdout)
    window = json.loads(invoke("run", "examples/tiny.json", "--json", "--truncate",
                               "1").stdout)
    long = json.loads(invoke("run", "examples/tiny.json", "--json", "--truncate",
                             "5").stdout)
    assert long["grads"] == full["grads"] and window["truncate"] == 1
    # K = 1 drops the path from L_2 back through s_1: W's gradient is δ2 s1 either way
    # (s_0 = 0), but U's loses δ2's contribution through W.
    _, _, _, grads = tiny_by_hand()
    assert window["grads"]["W"][0][0] == pytest.approx(grads["W"][0][0], rel=1e-12)
    assert window["grads"]["U"][0][0] != pytest.approx(grads["U"][0][0], rel=1e-6)
    text = invoke("run", "examples/tiny.json", "--truncate", "1").stdout
    assert "truncated BPTT, K = 1" in text


def test_run_recurrence_alone():
    result = invoke("run", "examples/recurrence.json", "--json")
    out = json.loads(result.stdout)
    # s_t = sigmoid(2 x_t − s_{t−1}), s_0 = 0.5, x = (1, 0, 0)
    s, expected = 0.5, []
    for x in (1.0, 0.0, 0.0):
        s = 1 / (1 + math.exp(-(2 * x - s)))
        expected.append([s])
    np.testing.assert_allclose(out["states"], expected, rtol=1e-14)
    assert out["loss"] is None and out["grads"] is None and out["model"]["k"] is None
    assert "no targets" in invoke("run", "examples/recurrence.json").stdout


@pytest.mark.parametrize("args, fragment", [
    (["--truncate", "0"], "--truncate must be a positive integer"),
    (["--clip", "-1"], "--clip must be a positive number"),
    (["--clip", "nan"], "--clip must be a positive number"),
    (["--truncate", "two"], "Invalid value for '--truncate'"),
])
def test_run_bad_options_exit_3(args, fragment):
    result = invoke("run", "examples/tiny.json", *args)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and fragment in result.stderr


def test_run_clip_without_targets_is_a_usage_error():
    result = invoke("run", "examples/recurrence.json", "--clip", "1")
    assert result.exit_code == 3 and "no targets" in result.stderr


def test_run_overflow_is_one_line_exit_2(tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"output": "identity", "loss": "mse", "U": [[1.0]],
                                "W": [[1.0]], "b": [0.0], "V": [[1e300]], "c": [0.0],
                                "x": [[1.0]], "targets": [[0.0]]}))
    result = invoke("run", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "overflowed" in result.stderr


# --- gradcheck ----------------------------------------------------------------------------


def test_gradcheck_default_passes_and_reads_at_80_columns():
    result = invoke("gradcheck")
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    checked = {row[0]: row for row in rows if row and row[-1] in ("PASS", "FAIL")}
    assert list(checked) == ["U", "W", "V", "b", "c", "s0"]
    assert all(row[-1] == "PASS" for row in checked.values())
    assert checked["U"][1] == "4×3" and checked["V"][1] == "2×4"
    assert "PASS: every gradient agrees with finite differences to 1e-06" in result.stdout
    assert "relative error = |a − n| / max(1e-8, |a| + |n|) at the worst entry" in result.stdout
    assert_fits_80_columns(result.stdout)


def test_gradcheck_json():
    result = invoke("gradcheck", "--json", "--n", "2", "--d", "3", "--k", "4", "--steps",
                    "3", "--batch", "2", "--convention", "row", "--seed", "7")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["passed"] is True and out["tolerance"] == 1e-6
    assert out["stencil"] == "6-point" and out["step"] == 0.005
    shapes = {name: tuple(p["shape"]) for name, p in out["params"].items()}
    assert shapes == {"U": (2, 3), "W": (3, 3), "V": (3, 4), "b": (3,), "c": (4,),
                      "s0": (2, 3)}
    for p in out["params"].values():
        assert p["passed"] and p["max_rel_error"] <= 1e-6
        assert p["max_rel_error"] == pytest.approx(
            abs(p["analytic"] - p["numeric"]) / max(1e-8, abs(p["analytic"]) +
                                                    abs(p["numeric"])), rel=1e-6, abs=1e-20)
        assert len(p["worst_index"]) == len(p["shape"])
    assert out["instance"]["seed"] == 7 and out["instance"]["batch"] == 2
    assert out["instance"]["source"] == "random"


def test_gradcheck_of_a_file():
    result = invoke("gradcheck", "examples/one-to-many.json", "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["instance"]["source"] == "examples/one-to-many.json"
    assert out["instance"]["steps"] == 4 and out["params"]["s0"]["shape"] == [3]


def test_gradcheck_one_to_one_defaults_to_one_step():
    result = invoke("gradcheck", "--architecture", "one-to-one", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["instance"]["steps"] == 1


@pytest.mark.parametrize("args, fragment", [
    (["--activation", "relu"], "activation 'relu' is not allowed"),
    (["--n", "0"], "n (input size) must be a positive integer, got 0"),
    (["--output", "identity"], "loss 'cross_entropy' needs output 'softmax' or 'sigmoid'"),
    (["--architecture", "one-to-one", "--steps", "3"], "one-to-one has exactly 1 step"),
    (["--batch", "0"], "batch size B must be a positive integer"),
    (["--d", "100000"], "--d 100000 is more than the 200"),
    (["--d", "200", "--steps", "100", "--batch", "10"], "would take minutes"),
    (["--tol", "0"], "--tol must be a positive number"),
    (["--step", "-0.1"], "--step must be a positive number"),
    (["--stencil", "3-point"], "--stencil '3-point' is not known"),
    (["--seed", "-1"], "--seed must be a non-negative integer"),
    (["--n", "abc"], "Invalid value for '--n'"),
    (["--no-such-option"], "No such option"),
    (["examples/tiny.json", "--n", "3"], "--n describe a random instance"),
])
def test_gradcheck_usage_errors_exit_3(args, fragment):
    result = invoke("gradcheck", *args)
    assert result.exit_code == 3, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert fragment in result.stderr


def test_gradcheck_of_a_file_without_loss_exits_2():
    result = invoke("gradcheck", "examples/recurrence.json")
    assert result.exit_code == 2 and "needs a loss" in result.stderr


def test_gradcheck_of_a_bad_file_exits_2(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{}")
    result = invoke("gradcheck", str(path))
    assert result.exit_code == 2 and "missing key 'U'" in result.stderr


# --- vanish -------------------------------------------------------------------------------


def test_vanish_sigmoid_lambda_3_is_vanishing():
    result = invoke("vanish", "--activation", "sigmoid", "--norm", "3.0", "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["gamma"] == 0.25 and out["lambda"] == 3.0 and out["rate"] == 0.75
    assert out["verdict"] == "vanishing" and "sufficient" in out["reason"]
    assert out["lags"] == list(range(30))
    np.testing.assert_allclose(out["bounds"], [0.75**lag for lag in range(30)], rtol=1e-12)
    # The theorem: every measured norm is within its bound.
    assert all(m <= b * (1 + 1e-12) for m, b in zip(out["norms"], out["bounds"], strict=True))


def test_vanish_tanh_lambda_3_is_decided_by_the_measurement():
    out = json.loads(invoke("vanish", "--activation", "tanh", "--norm", "3", "--json").stdout)
    assert out["rate"] == 3.0 and "only necessary" in out["reason"]
    grows = out["norms"][-1] > 1
    assert out["verdict"] == ("exploding" if grows else "undetermined")
    assert out["measured_rate"] == pytest.approx(out["norms"][-1] ** (1 / 29))


def test_vanish_prints_a_log_scale_bar_at_80_columns():
    result = invoke("vanish")
    assert result.exit_code == 0
    assert "VANISHING" in result.stdout and "log scale" in result.stdout
    assert "█" in result.stdout and "│" in result.stdout
    assert_fits_80_columns(result.stdout)
    long = invoke("vanish", "--activation", "tanh", "--steps", "200")
    assert "31 of 200 lags shown" in long.stdout
    assert_fits_80_columns(long.stdout)


@pytest.mark.parametrize("args, fragment", [
    (["--norm", "0"], "spectral norm λ must be a positive number"),
    (["--norm", "inf"], "spectral norm λ must be a positive number"),
    (["--activation", "relu"], "activation 'relu' is not allowed"),
    (["--steps", "0"], "number of steps T must be an integer from 1"),
    (["--d", "0"], "hidden size d must be an integer from 1"),
    (["--seed", "-3"], "--seed must be a non-negative integer"),
])
def test_vanish_usage_errors_exit_3(args, fragment):
    result = invoke("vanish", *args)
    assert result.exit_code == 3 and fragment in result.stderr
    assert result.stderr.count("\n") == 1


def test_vanish_huge_bounds_are_null_in_json():
    out = json.loads(invoke("vanish", "--activation", "tanh", "--norm", "1e200", "--steps",
                            "4", "--json").stdout)
    assert out["bounds"][:2] == [1.0, 1e200] and out["bounds"][2] is None
