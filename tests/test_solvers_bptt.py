"""The bptt solver: ∂L_t/∂θ as chain-rule products, checked against paths written by hand."""

import json
import pickle

import pytest
from sympy import Add, Mul
from typer.testing import CliRunner

from rnnsym.cli import app
from rnnsym.notation import partial
from rnnsym.solvers import SolveError, solver

solve = solver("bptt")


def by_hand(param: str, t: int) -> set[tuple]:
    """The paths of ∂L_t/∂θ: for W and U one per k = 1…t, for V the output path alone."""
    head = ((f"L_{t}", f"y_{t}"),)
    if param == "V":
        return {head + ((f"y_{t}", "V"),)}
    return {head + ((f"y_{t}", f"s_{t}"),)
            + tuple((f"s_{i}", f"s_{i - 1}") for i in range(t, k, -1)) + ((f"s_{k}", param),)
            for k in range(1, t + 1)}


@pytest.mark.parametrize("param", ["W", "U", "V"])
@pytest.mark.parametrize("t", [1, 2, 4, 6])
def test_terms_are_the_paths_by_hand(param, t):
    result = solve(param, t)
    assert {term.factors for term in result.derivation.terms} == by_hand(param, t)
    assert result.count == len(by_hand(param, t))
    # The key is a SymPy sum of ordered (non-commutative) products of the same factors.
    assert result.key == Add(*(Mul(*(partial(a, b) for a, b in path))
                               for path in by_hand(param, t)))


def test_the_notes_example_has_four_terms_and_says_why():
    result = solve("W", 4)
    texts = [s.text for s in result.steps]
    assert result.count == 4
    assert texts[0].startswith("∂Lₜ/∂W = Σ_{k=1}^{t}")
    assert "shared by every step" in texts[1]
    assert "k = 1: ∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂s₃ ∂s₃/∂s₂ ∂s₂/∂s₁ ∂s₁/∂W" in texts
    assert texts[-1] == "4 terms, one per k = 4, 3, 2, 1."


def test_v_has_no_path_through_time():
    result = solve("V", 5)
    assert result.count == 1
    assert "none through time" in result.steps[1].text
    assert result.formula == "∂Lₜ/∂V = ∂Lₜ/∂yₜ ∂yₜ/∂V"


def test_the_general_key_is_picklable_and_agrees_with_each_t():
    general = solve("W", 4).general
    again = pickle.loads(pickle.dumps(general))
    for t in range(1, 6):
        assert again(t) == solve("W", t).key
    assert str(general).startswith("∂Lₜ/∂W = Σ_{k=1}^{t}")


@pytest.mark.parametrize(("param", "t"), [("W", 0), ("W", True), ("W", 51), ("Q", 3)])
def test_bad_values_are_solve_errors(param, t):
    with pytest.raises(SolveError):
        solve(param, t)


def test_as_dict_is_json():
    data = json.loads(json.dumps(solve("U", 2).as_dict()))
    assert data["count"] == 2
    assert data["terms"][1] == [["L_2", "y_2"], ["y_2", "s_2"], ["s_2", "s_1"], ["s_1", "U"]]
    assert data["key_latex"].startswith(r"\frac{\partial L_{2}}{\partial y_{2}}")


runner = CliRunner()


def test_cli_solve_bptt():
    result = runner.invoke(app, ["solve", "bptt", "--param", "V", "--t", "3", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["key"] == "dL_3/dy_3*dy_3/dV"
    assert runner.invoke(app, ["solve", "bptt", "--t", "0"]).exit_code == 2
    listed = runner.invoke(app, ["solve"])
    assert "bptt" in listed.stdout
