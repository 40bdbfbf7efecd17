"""Instance files: every kind of bad file is one line naming the key, exit 2; good files in
both conventions, one sequence and batches, and the architectures' rules for x and targets.

Expected values are written by hand from the file's numbers (d = 1 networks), not taken
from the code under test.
"""

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from rnnsym.cli import app
from rnnsym.instance import InstanceError, load_instance, parse_instance

runner = CliRunner()

# A valid column-convention instance: n = 3, d = 4, k = 2, T = 2.
BASE = {
    "U": [[0.1, 0.2, 0.3], [0.0, -0.1, 0.2], [0.3, 0.1, 0.0], [-0.2, 0.1, 0.1]],
    "W": [[0.1, 0.0, 0.0, 0.2], [0.0, 0.1, 0.3, 0.0], [0.2, 0.0, 0.1, 0.0],
          [0.0, 0.0, 0.0, 0.1]],
    "b": [0.0, 0.1, 0.0, -0.1],
    "V": [[1.0, 0.0, -1.0, 0.5], [0.0, 1.0, 0.5, -0.5]],
    "c": [0.0, 0.0],
    "x": [[1.0, 0.0, 0.5], [0.0, 1.0, -0.5]],
    "targets": [0, 1],
}


def with_(**changes):
    obj = {**BASE, **changes}
    return {key: value for key, value in obj.items() if value is not None}


def drop(*keys):
    return {key: value for key, value in BASE.items() if key not in keys}


def run_file(tmp_path, content, *args):
    path = tmp_path / "inst.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return runner.invoke(app, ["run", str(path), *args])


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "inst.json: " in lines[0]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


BAD_FILES = {
    "not json": ('{"U": [[1.0]],\n "W": [[1.0]]\n "b": [0]}', ["not JSON", "line 3"]),
    "not utf-8": (b'{"U": "\xff"}', ["not JSON", "UTF-8"]),
    "too deep": ("[" * 100_000, ["not JSON", "nested too deeply"]),
    "not an object": ("[1, 2, 3]", ["expected a JSON object", "got an array"]),
    "missing key": (drop("U"), ["missing key 'U'", "input weights"]),
    "unknown key": (with_(Wx=[[1.0]]), ["unknown key 'Wx'", "allowed keys:", "targets"]),
    "duplicate key": ('{"U": [[1.0]], "U": [[2.0]]}', ["U: the key appears twice"]),
    "U transposed": (with_(U=np.array(BASE["U"]).T.tolist()),
                     ["U: expected shape (4, 3) (d×n in the column convention",
                      "got (3, 4)", '"convention": "row"']),
    "W not square": (with_(W=[[1.0, 0.0]]), ["W: expected a square d×d matrix", "(1, 2)"]),
    "W ragged": (with_(W=[[1.0, 0.0], [1.0]]), ["W: ragged array"]),
    "b wrong length": (with_(b=[0.0, 0.0]), ["b: expected shape (4,)", "got (2,)"]),
    "b text": (with_(b=[0.0, "1", 0.0, 0.0]), ["b: expected numbers only, found text"]),
    "b true": (with_(b=[0.0, True, 0.0, 0.0]), ["b: expected numbers only, found true/false"]),
    "b null": (with_(b=[0.0, None, 0.0, 0.0]), ["b: expected numbers only, found null"]),
    "b a string": (with_(b="0 0 0 0"), ["b: expected an array of numbers, got text"]),
    "b empty": (with_(b=[]), ["b: empty array"]),
    "W NaN": ('{"U": [[1.0]], "W": [[NaN]], "b": [0], "x": [[1]]}',
              ["W: entry (0, 0) is nan, not a finite number"]),
    "x infinite": ('{"U": [[1.0]], "W": [[1.0]], "b": [0], "x": [[1e999]]}',
                   ["x: entry (0, 0) is inf, not a finite number"]),
    "x a vector": (with_(x=[1.0, 2.0, 3.0]), ["x: expected shape (T, n)", "(B, T, n)"]),
    "x wrong n": (with_(x=[[1.0, 0.0], [0.0, 1.0]]),
                  ["x: expected 3 numbers per step (n = 3 from U), got shape (2, 2)"]),
    "V wrong d": (with_(V=[[1.0, 0.0, 0.0]]), ["V: expected shape (k, 4)", "k×d"]),
    "V without c": (drop("c"), ["c: missing; V and c come together"]),
    "targets without V": (drop("V", "c"), ["targets: given without V and c"]),
    "class out of range": (with_(targets=[0, 2]),
                           ["targets: class index 2 at (1,) is out of range 0..1", "k = 2"]),
    "class negative": (with_(targets=[-1, 0]), ["targets: class index -1 at (0,)"]),
    "class not integer": (with_(targets=[0, 0.5]),
                          ["targets: class indices must be integers 0..1, got 0.5 at (1,)"]),
    "targets wrong length": (with_(targets=[0, 1, 1]),
                             ["targets: expected shape (2,)", "T = 2", "got (3,)"]),
    "mse targets as classes": (with_(loss="mse", targets=[0, 1]),
                               ["targets: expected shape (2, 2)", "target vector"]),
    "s0 wrong shape": (with_(s0=[0.0, 0.0]), ["s0: expected shape (4,)", "initial state"]),
    "bad activation": (with_(activation="relu"),
                       ["activation 'relu' is not allowed", "sigmoid, tanh"]),
    "bad convention": (with_(convention="rows"), ["convention 'rows' is not allowed"]),
    "choice not text": (with_(output=3), ["output: expected a name (text)"]),
    "identity with cross-entropy": (with_(output="identity"),
                                    ["loss 'cross_entropy' needs output 'softmax' or "
                                     "'sigmoid'"]),
    "steps where T is x's length": (with_(steps=3), ["steps: only one-to-many takes"]),
    "one-to-many with many inputs": (with_(architecture="one-to-many"),
                                     ["x: one-to-many takes one input", "(1, n)"]),
    "one-to-many without length": (with_(architecture="one-to-many", x=[[1.0, 0.0, 0.0]],
                                         V=None, c=None, targets=None),
                                   ['steps: missing; one-to-many without targets']),
    "steps not an integer": (with_(architecture="one-to-many", x=[[1.0, 0.0, 0.0]],
                                   V=None, c=None, targets=None, steps=2.5),
                             ["steps: expected a positive integer, got 2.5"]),
    "one-to-one with two steps": (with_(architecture="one-to-one"),
                                  ["x: one-to-one takes one input"]),
    "many-to-one wrong length": (with_(architecture="many-to-one", targets=[0, 1, 0]),
                                 ["targets: expected shape (2,) or (1,)", "last step"]),
}


@pytest.mark.parametrize("content, fragments", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_one_line_naming_the_key(tmp_path, content, fragments):
    assert_one_line_error(run_file(tmp_path, content), *fragments)


def test_too_many_entries_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("rnnsym.instance_arrays.MAX_ENTRIES", 5)
    assert_one_line_error(run_file(tmp_path, BASE), "W: 16 entries is more than the 5")


def test_too_big_a_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("rnnsym.instance.MAX_FILE_BYTES", 100)
    assert_one_line_error(run_file(tmp_path, BASE), "larger than")


def test_too_much_work_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("rnnsym.instance.MAX_WORK", 5)
    assert_one_line_error(run_file(tmp_path, BASE), "x: B·T·max(n, d, k) = 8 is more")


def test_missing_file(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "none.json: cannot read: No such file" in result.stderr


def test_error_type_is_a_value_error():
    with pytest.raises(InstanceError) as caught:
        parse_instance(drop("W"))
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "missing key 'W' (the recurrent weights, d×d)"


# --- good files ---------------------------------------------------------------------------

# d = 1, n = 1, k = 2: s_t = tanh(u x_t + w s_{t−1} + b), o_t = (v1 s_t + c1, v2 s_t + c2).
U, W, B_, V1, V2 = 0.7, -0.4, 0.1, 1.5, -0.5


def tiny(**changes):
    obj = {"U": [[U]], "W": [[W]], "b": [B_], "V": [[V1], [V2]], "c": [0.0, 0.0],
           "x": [[1.0], [-0.5], [2.0]], "targets": [1, 0, 1]}
    return {**obj, **changes}


def states_by_hand(xs, s0=0.0):
    states, s = [], s0
    for x in xs:
        s = math.tanh(U * x + W * s + B_)
        states.append(s)
    return states


def ce_by_hand(s, cls):
    o = [V1 * s, V2 * s]
    return -(o[cls] - math.log(math.exp(o[0]) + math.exp(o[1])))


def test_single_sequence_matches_hand_computation():
    inst = parse_instance(tiny())
    states = states_by_hand([1.0, -0.5, 2.0])
    assert not inst.batched and inst.steps == 3 and inst.batch == 1
    assert inst.layout(inst.data.x).shape == (3, 1)
    np.testing.assert_allclose(inst.data.targets[0], [[0, 1], [1, 0], [0, 1]])
    np.testing.assert_array_equal(inst.data.mask, [1, 1, 1])
    from rnnsym.runner import run_instance

    result = run_instance(inst)
    np.testing.assert_allclose(result.states[:, 0], states, rtol=1e-14)
    expected = sum(ce_by_hand(s, c) for s, c in zip(states, [1, 0, 1], strict=True))
    assert result.loss == pytest.approx(expected, rel=1e-14)


def test_row_and_column_conventions_describe_the_same_network():
    col = dict(BASE, s0=[0.1, 0.0, -0.2, 0.3])
    row = dict(col, convention="row", U=np.array(BASE["U"]).T.tolist(),
               W=np.array(BASE["W"]).T.tolist(), V=np.array(BASE["V"]).T.tolist())
    from rnnsym.runner import run_instance

    a, b = run_instance(parse_instance(col)), run_instance(parse_instance(row))
    assert parse_instance(row).model.shapes()["U"] == (3, 4)
    np.testing.assert_allclose(a.states, b.states, rtol=1e-14)
    assert a.loss == pytest.approx(b.loss, rel=1e-14)
    for name in ("U", "W", "V"):
        np.testing.assert_allclose(a.grads[name], b.grads[name].T, rtol=1e-12)
    for name in ("b", "c", "s0"):
        np.testing.assert_allclose(a.grads[name], b.grads[name], rtol=1e-12)


def test_batch_layout_and_shared_s0():
    one = [[1.0], [-0.5], [2.0]]
    other = [[0.0], [1.0], [1.0]]
    inst = parse_instance(tiny(x=[one, other], targets=[[1, 0, 1], [0, 0, 1]], s0=[0.3]))
    assert inst.batched and inst.shared_s0 and inst.batch == 2
    from rnnsym.runner import run_instance

    result = run_instance(inst)
    assert result.states.shape == (2, 3, 1) and result.outputs.shape == (2, 3, 2)
    assert result.step_losses.shape == (2, 3)
    np.testing.assert_allclose(result.states[1, :, 0], states_by_hand([0.0, 1.0, 1.0], 0.3),
                               rtol=1e-14)
    assert result.grads["s0"].shape == (1,)  # shared: one gradient, summed over the batch
    each = parse_instance(tiny(x=[one, other], targets=[[1, 0, 1], [0, 0, 1]],
                               s0=[[0.3], [0.3]]))
    assert not each.shared_s0
    per_sequence = run_instance(each).grads["s0"]
    assert per_sequence.shape == (2, 1)
    assert result.grads["s0"][0] == pytest.approx(per_sequence.sum(), rel=1e-14)


def test_mse_targets_are_vectors():
    inst = parse_instance(tiny(loss="mse", targets=[[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]))
    np.testing.assert_allclose(inst.data.targets[0, 1], [0.5, 0.5])


def test_many_to_one_takes_the_last_target():
    states = states_by_hand([1.0, -0.5, 2.0])
    expected = ce_by_hand(states[-1], 1)  # only L_T counts
    from rnnsym.runner import run_instance

    for targets in ([0, 0, 1], [1]):
        inst = parse_instance(tiny(architecture="many-to-one", targets=targets))
        np.testing.assert_array_equal(inst.data.mask, [0, 0, 1])
        assert run_instance(inst).loss == pytest.approx(expected, rel=1e-14)


def test_one_to_many_gets_T_from_the_targets():
    inst = parse_instance(tiny(architecture="one-to-many", x=[[1.0]], targets=[1, 0, 1, 1]))
    assert inst.steps == 4
    np.testing.assert_array_equal(inst.data.x[0, :, 0], [1.0, 0.0, 0.0, 0.0])
    from rnnsym.runner import run_instance

    states = states_by_hand([1.0, 0.0, 0.0, 0.0])
    expected = sum(ce_by_hand(s, c) for s, c in zip(states, [1, 0, 1, 1], strict=True))
    assert run_instance(inst).loss == pytest.approx(expected, rel=1e-14)
    batch = parse_instance(tiny(architecture="one-to-many", x=[[[1.0]], [[2.0]]],
                                targets=[[1, 0], [0, 0]]))
    assert batch.steps == 2 and batch.data.x.shape == (2, 2, 1)


def test_one_to_many_without_targets_takes_steps():
    obj = {"architecture": "one-to-many", "U": [[U]], "W": [[W]], "b": [B_], "x": [[1.0]],
           "steps": 3}
    inst = parse_instance(obj)
    from rnnsym.runner import run_instance

    np.testing.assert_allclose(run_instance(inst).states[:, 0],
                               states_by_hand([1.0, 0.0, 0.0]), rtol=1e-14)


def test_one_to_one_has_one_step():
    inst = parse_instance(tiny(architecture="one-to-one", x=[[1.0]], targets=[1]))
    assert inst.steps == 1


def test_recurrence_alone_has_no_loss():
    inst = parse_instance({"U": [[U]], "W": [[W]], "b": [B_], "x": [[1.0], [2.0]]})
    assert not inst.has_output and not inst.has_loss
    from rnnsym.runner import run_instance

    result = run_instance(inst)
    assert result.loss is None and result.grads is None and result.outputs is None


def test_outputs_without_targets():
    inst = parse_instance({k: v for k, v in tiny().items() if k != "targets"})
    from rnnsym.runner import run_instance

    result = run_instance(inst)
    assert result.outputs.shape == (3, 2) and result.loss is None


@pytest.mark.parametrize("name", ["tiny", "batch-row", "many-to-one", "one-to-many",
                                  "recurrence"])
def test_examples_load(name):
    inst = load_instance(f"examples/{name}.json")
    assert inst.model.n >= 1


def test_docstring_examples():
    import doctest

    import rnnsym.instance

    assert doctest.testmod(rnnsym.instance).failed == 0
