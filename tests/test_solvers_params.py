"""Parameter counting and solving, against the notes, Keras's published counts and PyTorch."""

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnsym.solvers import SolveError
from rnnsym.solvers.params import NOTES_EXERCISE, solve

# --- the notes' exercise ------------------------------------------------------------------


def test_notes_exercise_n_is_14():
    result = solve(**NOTES_EXERCISE)
    assert result.key == 14
    assert result.solutions == (14,)
    assert result.equation == "3*n**2/4 + n = 161"
    n = sympy.Symbol("n")
    assert result.count == sympy.Rational(3, 4) * n**2 + n
    # 3n² + 4n − 644 = (n − 14)(3n + 46), by hand.
    assert [(r.value, r.reason) for r in result.rejected] == [
        (sympy.Rational(-46, 3), "negative and not an integer")]
    assert {t.name: t.count for t in result.terms} == {"U": n**2 / 2, "W": n**2 / 4, "V": n}


def test_notes_exercise_as_json():
    data = solve(**NOTES_EXERCISE).as_dict()
    assert data["unknown"] == "n"
    assert data["equation"] == "3*n**2/4 + n = 161"
    assert data["solutions"] == [14]
    assert data["rejected"] == [{"value": "-46/3", "reason": "negative and not an integer"}]
    assert {k: v["value"] for k, v in data["breakdown"].items()} == {"U": 98, "W": 49, "V": 14}
    assert data["total"] == 161


def test_counting_the_same_network_gives_161():
    result = solve(14, 7, 2)
    assert result.key == 161 and result.unknown == "total"
    assert {t.name: int(t.count) for t in result.terms} == {"U": 98, "W": 49, "V": 14}


def test_counting_with_an_unknown_gives_the_polynomial():
    result = solve("n", "n/2", 2)
    n = sympy.Symbol("n")
    assert result.key == sympy.Rational(3, 4) * n**2 + n


@pytest.mark.parametrize(
    ("sizes", "total", "answer"),
    [
        (("n", 7, 2), 161, 14),  # 7n + 49 + 14
        ((14, "n", 2), 161, 7),  # 14n + n² + 2n = 161 → n = 7 (or −23)
        ((14, 7, "n"), 161, 2),  # 98 + 49 + 7n
        (("2n", "n", 1), 3 * 5**2 + 5, 5),  # U: 2n·n, W: n², V: n
        (("n+3", 4, 1), 4 * 10 + 16 + 4, 7),  # U: 4(n + 3)
    ],
)
def test_any_layer_may_hold_the_unknown(sizes, total, answer):
    assert solve(*sizes, total).key == answer


def test_no_solution_is_said_plainly():
    result = solve("n", "n/2", 2, 160)
    assert result.key == () and result.solutions == ()
    assert all(not r.accepted for r in result.roots) and len(result.roots) == 2
    assert any("No solution" in s.text for s in result.steps)


def test_several_solutions_are_said_plainly():
    # U: n², W: n², V: n(60 − 5n): 2n² + 60n − 5n² = 297 ⇔ (n − 9)(n − 11) = 0, both valid.
    result = solve("n", "n", "60 - 5n", 297)
    assert result.key == (9, 11)
    assert any("Several solutions" in s.text for s in result.steps)


def test_every_root_is_judged_with_its_reason():
    result = solve("n", "n", 0, 0)  # 2n² = 0
    assert result.key == ()
    assert [r.reason for r in result.rejected] == ["zero"]
    # U: (n + 1)·n, W: n²: 2n² + n − 1 = (2n − 1)(n + 1) = 0.
    result = solve("n+1", "n", 0, 1)
    assert {str(r.value): r.reason for r in result.rejected} == {
        "-1": "makes the input size n + 1 = 0: zero",
        "1/2": "makes the input size n + 1 = 3/2: not an integer"}


def test_complex_roots_are_rejected_as_not_real():
    # U: 1·(n² + 1), W: (n² + 1)²: (n² + 1)(n² + 2) = 1 has no real root.
    result = solve(1, "n^2+1", 0, 1)
    assert result.key == ()
    assert len(result.roots) == 4
    assert {r.reason for r in result.rejected} == {"complex, not real"}


def test_the_rule_is_on_the_layer_sizes_not_the_unknown():
    # hidden n² + 1: n = −1 and n = 1 give the same network (hidden 2), both answers.
    result = solve(1, "n^2+1", 0, 6)
    assert result.key == (-1, 1)
    assert {r.reason for r in result.rejected} == {"complex, not real"}


def test_a_size_made_non_integer_is_named():
    # U1, W1, U2, W2 each (n/2)², so the count is n²: n = 3 makes every size 3/2.
    result = solve("n/2", "n/2", 0, 9, layers=2)
    assert result.key == ()
    reasons = {str(r.value): r.reason for r in result.rejected}
    assert reasons["3"] == "makes the input size n/2 = 3/2: not an integer"
    assert reasons["-3"] == "makes the input size n/2 = −3/2: negative and not an integer"


def test_a_root_with_no_integer_form_is_rejected():
    result = solve("n", "n/2", 2, 173)
    assert result.key == ()
    assert all(r.reason.endswith("not an integer") for r in result.rejected)


# --- Keras's published model.summary counts -----------------------------------------------
# Published figures (Keras documentation and tutorials): the recurrent layer alone, so
# --output 0, and the keras convention (one bias; GRU with reset_after=True, the default).


@pytest.mark.parametrize(
    ("cell", "features", "units", "bidirectional", "published"),
    [
        ("rnn", 1, 10, False, 120),  # SimpleRNN(10): 10·1 + 10·10 + 10
        ("rnn", 1, 50, False, 2600),  # SimpleRNN(50)
        ("lstm", 1, 1, False, 12),  # LSTM(1): 4·(1 + 1 + 1)
        ("gru", 32, 32, False, 6336),  # GRU(32), reset_after
        ("gru", 25, 5, False, 480),  # GRU(5), reset_after
        ("gru", 16, 32, True, 9600),  # Bidirectional(GRU(32))
    ],
)
def test_keras_published_counts(cell, features, units, bidirectional, published):
    result = solve(features, units, 0, cell=cell, bidirectional=bidirectional,
                   convention="keras")
    assert result.key == published


def test_keras_gru_without_reset_after_has_one_bias():
    # Keras GRU(reset_after=False): 3·(5·25 + 5·5 + 5) = 465.
    assert solve(25, 5, 0, cell="gru", bias="single").key == 465


def test_keras_dense_output_layer_has_a_bias():
    # SimpleRNN(10) on 1 feature, then Dense(2): 120 + 10·2 + 2.
    assert solve(1, 10, 2, convention="keras").key == 142


def test_reset_after_is_only_for_gru():
    with pytest.raises(SolveError, match="gru"):
        solve(1, 10, 0, bias="reset_after")


# --- PyTorch ------------------------------------------------------------------------------

CONFIGS = [
    (cell, i, h, layers, bi)
    for cell in ("rnn", "lstm", "gru")
    for (i, h, layers, bi) in ((1, 1, 1, False), (7, 5, 1, True), (3, 8, 2, False),
                               (10, 4, 3, True))
]


@pytest.mark.parametrize(("cell", "i", "h", "layers", "bi"), CONFIGS)
def test_pytorch_counts(cell, i, h, layers, bi):
    torch = pytest.importorskip("torch")
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](
        i, h, num_layers=layers, bidirectional=bi)
    expected = sum(p.numel() for p in module.parameters())
    assert solve(i, h, 0, cell=cell, layers=layers, bidirectional=bi,
                 convention="pytorch").key == expected


def test_pytorch_counts_with_a_linear_output_layer():
    torch = pytest.importorskip("torch")
    rnn = torch.nn.LSTM(6, 4, num_layers=2, bidirectional=True)
    head = torch.nn.Linear(2 * 4, 3)
    expected = sum(p.numel() for m in (rnn, head) for p in m.parameters())
    assert solve(6, 4, 3, cell="lstm", layers=2, bidirectional=True,
                 convention="pytorch").key == expected


# --- round trip: count, then solve back ---------------------------------------------------

FORMS = {  # expression ↦ (n from the size, valid sizes)
    "n": (lambda size: size, lambda size: True),
    "n/2": (lambda size: 2 * size, lambda size: True),
    "2n": (lambda size: size // 2, lambda size: size % 2 == 0),
    "n+3": (lambda size: size - 3, lambda size: size > 3),
}


@settings(derandomize=True, max_examples=40, deadline=None)
@given(
    sizes=st.tuples(st.integers(1, 60), st.integers(1, 60), st.integers(0, 6)),
    layer=st.sampled_from(["input", "hidden", "output"]),
    form=st.sampled_from(sorted(FORMS)),
    cell=st.sampled_from(["rnn", "lstm", "gru"]),
    convention=st.sampled_from(["notes", "keras", "pytorch"]),
    layers=st.integers(1, 3),
    bidirectional=st.booleans(),
)
def test_counting_then_solving_recovers_the_size(sizes, layer, form, cell, convention, layers,
                                                 bidirectional):
    options = dict(cell=cell, convention=convention, layers=layers, bidirectional=bidirectional)
    named = dict(zip(("input", "hidden", "output"), sizes, strict=True))
    unknown_of, valid = FORMS[form]
    if named[layer] == 0 or not valid(named[layer]):
        return
    total = solve(*sizes, **options).key
    named[layer] = form
    result = solve(named["input"], named["hidden"], named["output"], total, **options)
    assert result.solutions == (unknown_of(sizes[("input", "hidden", "output").index(layer)]),)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "why"),
    [
        (("n", "n/0", 2, 161), {}, "division by zero"),
        (("n", "m", 2, 161), {}, "two unknowns"),
        (("n", "n/2", 2, 161), {"unknown": "m"}, "appears in none"),
        ((14, 7, 2, 161), {}, "nothing to solve"),
        (("n", "n/2", 2, "abc"), {}, "whole number"),
        (("n", "n/2", 2, -5), {}, "whole number"),
        ((14, -3, 2), {}, "positive"),
        ((14, "-3", 2), {}, "positive"),
        ((14, 0, 2), {}, "positive"),
        ((14, "7/2", 2), {}, "whole number"),
        ((14, 7, -1), {}, "0"),
        ((14, 7, 2), {"layers": 0}, "layers"),
    ],
)
def test_bad_input_is_refused_with_the_reason(args, kwargs, why):
    with pytest.raises(SolveError, match=why):
        solve(*args, **kwargs)
