"""The shipped bank, problem by problem: every key (typed as a student would type it) is
judged correct, every [[wrong]] answer gets its category, for the base values and seeds
0…19; the keys of the new problems agree with values worked out here by hand, by SymPy's
jacobian and by NumPy."""

import json
import pickle
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
import sympy
from typer.testing import CliRunner

from rnnsym.answers import judge_chain
from rnnsym.checking import check
from rnnsym.cli import app
from rnnsym.pitfalls import fill
from rnnsym.problems import BANK_DIR, ProblemError, load_bank, load_problem

BANK = load_bank()
SEEDS = [None, *range(20)]


def as_typed(problem, seed) -> str:
    """The key as a student would type it: the derivation's own text for chain-rule sums,
    the general formula's LaTeX for general t, a list for arrays, str() for the rest."""
    key, solution = problem.key(seed), problem.solution(seed)
    if problem.answer == "chain":
        lines = solution.derivation.to_text("text").splitlines()
        return next(line for line in lines if line.startswith(f"t = {solution.t}:")
                    ).split(":", 1)[1]
    if problem.answer == "general":
        return solution.formula_latex
    return str(key.tolist() if hasattr(key, "tolist") else key)


def variants(problem) -> list:
    """(seed, values) for the seeds that give distinct variants (others repeat a variant)."""
    seen, found = [], []
    for seed in SEEDS:
        values = problem.variant(seed)
        if values not in seen:
            seen.append(values)
            found.append(seed)
    return found


CASES = [(p.id, seed) for p in BANK.values() for seed in variants(p)]


def test_the_bank_has_every_exercise_of_the_unit():
    assert {"params-161", "params-count", "dims", "gamma", "bound", "clip", "architecture",
            "bptt-dW", "bptt-dU", "bptt-dV", "bptt-general", "terms", "jacobian",
            "forward"} <= set(BANK)


@pytest.mark.parametrize("problem_id", sorted(BANK))
def test_every_file_lists_wrong_answers(problem_id):
    assert BANK[problem_id].wrong


@pytest.mark.parametrize(("problem_id", "seed"), CASES)
def test_the_key_as_typed_is_correct(problem_id, seed):
    problem = BANK[problem_id]
    result = check(problem_id, as_typed(problem, seed), seed)
    assert (result.verdict, result.score) == ("correct", problem.points)


@pytest.mark.parametrize(("problem_id", "seed"), CASES)
def test_each_wrong_answer_gets_its_category(problem_id, seed):
    problem = BANK[problem_id]
    for wrong in problem.wrong:
        result = check(problem_id, fill(wrong.answer, problem.variant(seed)), seed)
        categories = [f.category for f in result.feedback]
        assert result.verdict in ("incorrect", "partial"), wrong.answer
        assert wrong.category in categories, (wrong.answer, categories)


@pytest.mark.parametrize("problem_id", ["bptt-dW", "bptt-dU", "bptt-dV"])
def test_the_derivations_latex_reads_back_as_the_answer(problem_id):
    # What `rnnsym derive --latex` prints, pasted as an answer: `∂L_t/∂θ = …` is allowed.
    for seed in variants(BANK[problem_id]):
        block = BANK[problem_id].solution(seed).derivation.to_latex(general=False)
        equation = block.splitlines()[1].replace("&=", "=")
        assert check(problem_id, equation, seed).verdict == "correct"


# --- the keys of the new problems, worked out independently ------------------------------


def _chain(*factors: tuple[str, str]) -> str:
    return " ".join(f"d{a}/d{b}" for a, b in factors)


def paths_by_hand(param: str, t: int) -> list[str]:
    """∂L_t/∂θ written out: one product per k = t…1 (W, U), one product for V."""
    head = [(f"L{t}", f"y{t}")]
    if param == "V":
        return [_chain(*head, (f"y{t}", "V"))]
    terms = []
    for k in range(t, 0, -1):
        states = [(f"s{i}", f"s{i - 1}") for i in range(t, k, -1)]
        terms.append(_chain(*head, (f"y{t}", f"s{t}"), *states, (f"s{k}", param)))
    return terms


@pytest.mark.parametrize(("problem_id", "param"), [("bptt-dW", "W"), ("bptt-dU", "U"),
                                                   ("bptt-dV", "V")])
def test_bptt_keys_are_the_paths_by_hand(problem_id, param):
    problem = BANK[problem_id]
    for seed in variants(problem):
        t = problem.variant(seed)["t"]
        terms = paths_by_hand(param, t)
        assert len(terms) == (1 if param == "V" else t)
        assert check(problem_id, " + ".join(terms), seed).verdict == "correct"
        # Every term is needed: leave out any one and the answer is no longer correct.
        for i in range(len(terms)):
            fewer = terms[:i] + terms[i + 1:]
            if fewer:
                assert check(problem_id, " + ".join(fewer), seed).verdict == "partial"


def test_bptt_dw_at_t4_has_the_notes_four_terms():
    key = BANK["bptt-dW"].key()
    assert len(key.args) == 4
    assert check("bptt-dW", " + ".join(paths_by_hand("W", 4))).verdict == "correct"


def test_bptt_general_is_the_notes_formula():
    notes = "sum(k=1..t, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)"
    assert check("bptt-general", notes).verdict == "correct"
    key = BANK["bptt-general"].key()
    for t in range(1, 7):  # at each t the key is the t paths by hand
        assert judge_chain(" + ".join(paths_by_hand("W", t)), key(t)).verdict == "correct"
    assert pickle.loads(pickle.dumps(key))(3) == key(3)  # the sandbox can take it


@pytest.mark.parametrize("steps", [3, 4, 5, 6, 7])
def test_terms_is_the_triangle_number(steps):
    # L_t has t terms, so ∂L/∂W = Σ_t ∂L_t/∂W has 1 + 2 + … + T.
    problem = BANK["terms"]
    bank = {"terms": replace(problem, values={**problem.values, "steps": steps}, vary={})}
    assert check("terms", str(sum(range(1, steps + 1))), bank=bank).verdict == "correct"
    assert check("terms", str(steps), bank=bank).verdict == "incorrect"


def test_the_jacobian_is_sympys():
    problem = BANK["jacobian-numeric"]
    values = problem.variant()
    w = sympy.Matrix(json.loads(values["W"]))
    a = sympy.Matrix(json.loads(values["a"]))
    s_prev = sympy.Matrix(sympy.symbols("p0 p1"))
    # s_i = sigmoid(W s_(i−1) + u), with u = U x_i + b chosen so that a_i is the given value
    # at s_(i−1) = 0; SymPy's own jacobian differentiates it.
    state = (w * s_prev + a).applyfunc(lambda z: 1 / (1 + sympy.exp(-z)))
    jac = state.jacobian(s_prev).subs({p: 0 for p in s_prev})
    assert jac == sympy.Matrix([[Fraction(1, 2), Fraction(-1, 4)], [1, Fraction(3, 4)]])
    assert np.allclose(np.array(problem.key(), dtype=float), np.array(jac, dtype=float))
    assert check("jacobian-numeric", str(jac.tolist())).verdict == "correct"


def test_the_forward_step_by_hand():
    values = BANK["forward"].variant()
    u, w, x, s0 = (np.array(json.loads(values[k]), dtype=float) for k in ("U", "W", "x", "s0"))
    a = u @ x + w @ s0  # column convention
    assert a.tolist() == [1.0, 1.5]
    s1 = np.tanh(a)
    assert np.allclose(BANK["forward"].key(), [s1])
    assert check("forward", f"[{s1[0]:.3f}, {s1[1]:.3f}]").verdict == "correct"
    assert check("forward", "[0.7616, 0.9051]").verdict == "correct"
    assert check("forward", "[0.75, 0.9]").verdict == "incorrect"


def test_judge_options_are_checked(tmp_path):
    path = tmp_path / "bad.toml"
    text = (BANK_DIR / "forward.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("abs_tol", "abs_tolerance"), encoding="utf-8")
    with pytest.raises(ProblemError, match="judge.abs_tolerance"):
        load_problem(path)


# --- the command line, as a student uses it ----------------------------------------------

runner = CliRunner()
NOTES_ANSWER = ("dL4/dy4 dy4/ds4 ds4/dW + dL4/dy4 dy4/ds4 ds4/ds3 ds3/dW"
                " + dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/dW"
                " + dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/ds1 ds1/dW")


def test_cli_the_notes_four_terms_are_correct():
    result = runner.invoke(app, ["check", "bptt-dW", NOTES_ANSWER])
    assert result.exit_code == 0
    assert "correct" in result.stdout


def test_cli_one_missing_term_names_the_path_through_s1():
    three = NOTES_ANSWER.rsplit(" + ", 1)[0]
    result = runner.invoke(app, ["check", "bptt-dW", three])
    assert result.exit_code == 1
    flat = " ".join(result.stdout.split())
    assert "the path through s₁ (k = 1) is missing" in flat


def test_cli_an_unreadable_answer_exits_2():
    result = runner.invoke(app, ["check", "bptt-dW", "dL4/dy4 (dy4/ds4"])
    assert result.exit_code == 2


def test_cli_the_jacobians_factors_keep_their_order():
    right = runner.invoke(app, ["check", "jacobian", "diag(sigma'(a_i)) W"])
    assert right.exit_code == 0
    wrong = runner.invoke(app, ["check", "jacobian", "W diag(σ'(a_i))"])
    assert wrong.exit_code == 1
    assert "wrong order" in wrong.stdout
    assert max(len(line) for line in wrong.stdout.splitlines()) <= 80


def test_cli_show_fits_80_columns():
    result = runner.invoke(app, ["problems", "show", "bptt-dW"])
    assert result.exit_code == 0
    assert "∂L_4/∂W" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize(("problem_id", "answer", "category"), [
    ("bptt-dW", "∂L₄/∂y₄ ∂y₄/∂s₃ ∂s₃/∂W", "nonexistent_edge"),  # y₄ has no edge to s₃
    ("bptt-dW", "∂L₄/∂W", "total_derivative"),
    ("params-161", "29/2", "not_integer"),
    ("params-161", "n = -46/3", "negative_root"),
    ("gamma", "1", "gamma_tanh"),
    ("dims", "7 x 14", "transposed"),
    ("clip", "[3, 4]", "not_clipped"),
    ("clip-below", "[0.6, 0.8]", "needless_clip"),
    ("bptt-general", "sum(k=1..t-1, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)",
     "term_count"),
])
def test_the_mistakes_the_unit_names(problem_id, answer, category):
    result = check(problem_id, answer)
    assert result.verdict != "correct"
    assert category in [f.category for f in result.feedback]
