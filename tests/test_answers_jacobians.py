"""The one-step Jacobian judge: every notation of diag(σ'(a_i)) W is correct for its σ and
convention, each mistake gets its category, hostile answers stay harmless, and what the
judge calls correct is — in numbers, against central differences of s_i(s_(i−1)) — the
Jacobian, while what it calls wrong is not."""

import pickle
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnsym.answers import JacobianKey, check, judge_jacobian
from rnnsym.answers.factors import terms
from rnnsym.answers.products import read_product
from rnnsym.solvers.jacobian import FORMULAS
from tests.test_answers_fuzz import corpus, locked_down

# σ'(a_i) written in the ways a student writes it, for each activation.
PRIMES = {
    "sigmoid": ["σ'(a_i)", "sigma'(a_i)", r"\sigma'(a_i)", "σ′(aᵢ)", "s_i(1 - s_i)",
                "sᵢ(1 − sᵢ)", "σ(a_i)(1−σ(a_i))", "sigmoid(a_i)*(1 - sigmoid(a_i))",
                "s_i - s_i^2", "s(1 - s)", "exp(-a_i)/(1 + exp(-a_i))^2"],
    "tanh": ["σ'(a_i)", "tanh'(a_i)", "1 - s_i^2", "1 − sᵢ²", "1 - tanh(a_i)^2",
             r"1 - \tanh(a_i)^{2}", "(1 - s_i)(1 + s_i)", "1 - σ(a_i)^2",
             "4/(exp(a_i) + exp(-a_i))^2"],
}
# diag(·) and ∂a_i/∂s_(i−1), written in the ways a student writes them, by convention.
FORMS = {
    "column": ["diag({p}) W", "diag({p})W", "diag({p}) * W", r"\operatorname{{diag}}({p})\, W",
               r"\mathrm{{diag}}({p}) \cdot W", "∂s_i/∂s_{{i-1}} = diag({p}) W",
               "(W^T diag({p}))^T", "2 diag({p}) W / 2"],
    "row": ["diag({p}) W^T", "diag({p}) Wᵀ", "diag({p}) W^⊤", r"diag({p})\, W^{{\top}}",
            r"diag({p}) W^\intercal", "(W diag({p}))^T", "diag({p}) W^transpose"],
}
CASES = [(act, conv) for act in PRIMES for conv in FORMS]


@pytest.mark.parametrize(("activation", "convention"), CASES)
def test_every_notation_is_correct(activation, convention):
    key = JacobianKey(activation, convention)
    for prime in PRIMES[activation]:
        for form in FORMS[convention]:
            answer = form.format(p=prime)
            verdict = judge_jacobian(answer, key)
            assert verdict.verdict == "correct", (answer, verdict.feedback)


@pytest.mark.parametrize(("activation", "convention"), CASES)
def test_the_solvers_own_formulas_read_back(activation, convention):
    key = JacobianKey(activation, convention)
    text, tex = FORMULAS[convention]
    assert judge_jacobian(str(key), key).verdict == "correct"
    assert judge_jacobian(text, key).verdict == "correct"
    assert judge_jacobian(tex, key).verdict == "correct"


# The other activation's derivative, in the state and through a_i.
OTHER_PRIME = {"sigmoid": ["1 - s_i^2", "1 - tanh(a_i)^2", "tanh'(a_i)"],
               "tanh": ["s_i(1 - s_i)", "sigmoid(a_i)(1 - sigmoid(a_i))"]}
SIGMA = {"sigmoid": ["σ(a_i)", "s_i", "sigmoid(a_i)"], "tanh": ["σ(a_i)", "s_i", "tanh(a_i)"]}
MATRIX = {"column": ("W", "W^T"), "row": ("W^T", "W")}  # (∂a_i/∂s_(i−1), the other one)


def mistakes(activation: str, convention: str) -> list[tuple[str, str]]:
    """(answer, the category it must get) for a problem; {M} is the right matrix, {O} the
    other orientation."""
    right, other = MATRIX[convention]
    rows = [("{M}", "missing_sigma_prime"), ("{M} diag(σ'(a_i))", "order"),
            ("diag(σ'(a_i)) {O}", "transposed"), ("{O} diag(σ'(a_i))", "transposed"),
            ("σ'(a_i) {M}", "missing_diag"), ("σ'(a_i) * {M}", "missing_diag"),
            ("∂s_i/∂a_i ∂a_i/∂s_{{i-1}}", "unevaluated"),
            ("∂s_i/∂a_i {M}", "unevaluated"), ("diag(σ'(a_i)) U", "wrong_matrix"),
            ("diag(σ'(a_i)) {M} {M}", "wrong_matrix"), ("diag(σ'(a_i))", "missing_w"),
            ("diag(σ'(a_i)) {M} + {M}", "extra_terms"), ("0", "zero"),
            ("diag(σ'(a_i)) {M} diag(σ'(a_i))", "structure"),
            ("diag(σ'(s_{{i-1}})) {M}", "wrong_derivative"),
            ("diag(a_i) {M}", "wrong_derivative"),
            ("{M} diag(σ(a_i))", "order"), ("{M} diag(σ(a_i))", "sigma_not_prime")]
    rows += [(f"diag({p}) {{M}}", "sigma_not_prime") for p in SIGMA[activation]]
    rows += [(f"diag({p}) {{M}}", "wrong_activation_prime") for p in OTHER_PRIME[activation]]
    if activation == "sigmoid":
        rows.append(("1/4 {M}", "gamma_not_prime"))
    return [(a.format(M=right, O=other), c) for a, c in rows]


@pytest.mark.parametrize(("activation", "convention"), CASES)
def test_each_mistake_gets_its_category(activation, convention):
    key = JacobianKey(activation, convention)
    for answer, category in mistakes(activation, convention):
        verdict = judge_jacobian(answer, key)
        assert verdict.verdict == "incorrect", answer
        assert category in [f.category for f in verdict.feedback], (answer, verdict.feedback)
        assert all(f.message for f in verdict.feedback)


def test_the_factors_do_not_commute():
    # What the common reader (W a number) cannot tell apart, this one does.
    key = JacobianKey("sigmoid", "column")
    assert judge_jacobian("W diag(σ'(a_i))", key).feedback[0].category == "order"
    assert read_product("W diag(x)") != read_product("diag(x) W")
    assert str(read_product("(diag(x) W U)^T")) == "U^T*W^T*diag(x)"


def test_diagonals_of_one_product_add_up():
    # diag(σ') W written as two halves of the same product is still that product.
    assert judge_jacobian("diag(s_i) W - diag(s_i^2) W", JacobianKey()).verdict == "correct"
    assert [t.kinds for t in terms(read_product("diag(x) diag(y) W"))] == [("diag", "matrix")]


def test_a_known_mistakes_message_replaces_the_judges():
    from rnnsym.answers import Mistake

    known = [Mistake("W diag(s_i(1 - s_i))", "order", "rows, not columns")]
    verdict = judge_jacobian("W diag(σ'(a_i))", JacobianKey(), mistakes=known)
    assert [(f.category, f.message) for f in verdict.feedback] == [("order", "rows, not columns")]


@pytest.mark.parametrize(("answer", "category"), [
    ("diag(x) W", "unknown_symbol"), ("diag(W) W", "matrix_in_function"),
    ("diag(σ'(W s_{i-1} + U x_i + b)) W", "matrix_in_function"), ("W^100", "matrix_power"),
    ("W^(1/2)", "matrix_power"), ("dL/dW = W", "syntax"), ("W'", "syntax"),
    ("(W + U)^3 " * 12, "too_many_terms"), ("diag(σ'(a_i)) ⊙ W", "bad_character"),
    ("[[1, 2], [3, 4]]", "not_a_product"), ("W, U", "not_a_product"),
])
def test_unreadable_answers_are_invalid(answer, category):
    verdict = judge_jacobian(answer, JacobianKey())
    assert verdict.verdict == "invalid"
    assert verdict.feedback[0].category == category


def test_hostile_answers_stay_harmless(tmp_path):
    for text in corpus():
        start = time.perf_counter()
        with locked_down(tmp_path):
            verdict = judge_jacobian(text, JacobianKey())
        assert verdict.verdict in ("incorrect", "invalid"), text[:60]
        assert time.perf_counter() - start < 2.0, text[:60]


@pytest.mark.parametrize("answer", [
    "(" * 45 + "a_i" + ")^1" * 45 + " W",  # each level once, not 2^45 times
    "(" * 45 + "W" + ")^T" * 45,
    "diag((((1 + s_i)^100)^100)^100) W",  # too many terms to multiply out: points decide
])
def test_deep_answers_are_judged_quickly(answer):
    start = time.perf_counter()
    assert judge_jacobian(answer, JacobianKey()).verdict == "incorrect"
    assert time.perf_counter() - start < 1.0


FRAGMENTS = ["diag(", "σ'(", "sigma(", "tanh(", "tanh'(", "exp(", "log(", "sqrt(", "a_i", "s_i",
             "s_{i-1}", "x_i", "W", "U", "^T", "ᵀ", "^", "-1", "2", "0", "(", ")", "+", "-",
             "*", "/", " ", "∂s_i/∂a_i", "=", ",", "[[1,2],[3,4]]", "sum(k=1..3, ", "a", "s"]


@settings(derandomize=True, max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join),
       st.sampled_from(CASES))
def test_random_answers_end_in_a_verdict(text, case):
    verdict = judge_jacobian(text, JacobianKey(*case))
    assert verdict.verdict in ("correct", "incorrect", "invalid")
    assert all(f.category and f.message for f in verdict.feedback)


def test_the_key_travels_to_the_sandbox():
    key = JacobianKey("tanh", "row")
    assert pickle.loads(pickle.dumps(key)) == key
    assert check("jacobian", "diag(1 - s_i^2) Wᵀ", key, isolate=True).verdict == "correct"
    assert check("jacobian", "W diag(1 - s_i^2)", key, isolate=True).verdict == "incorrect"
    with pytest.raises(ValueError, match="activation"):
        JacobianKey("relu")


# --- what "correct" means, in numbers ------------------------------------------------------

ACT = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh}


def central_differences(activation, convention, w, a, h=1e-6):
    """∂s_i/∂s_(i−1) of s_i = σ(W s_(i−1) + u) (rows: σ(s_(i−1) W + u)), u chosen so that
    a_i is the given value; entry (j, l) is ∂s_(i,j)/∂s_(i−1,l)."""
    d = len(a)
    s_prev = np.linspace(-0.5, 0.5, d)
    product = (lambda s: w @ s) if convention == "column" else (lambda s: s @ w)
    offset = a - product(s_prev)
    state = lambda s: ACT[activation](product(s) + offset)  # noqa: E731
    return np.array([(state(s_prev + h * e) - state(s_prev - h * e)) / (2 * h)
                     for e in np.eye(d)]).T


def meanings(activation):
    """Answers with their meaning written out here in NumPy, right and wrong alike."""
    f = ACT[activation]
    prime = {"sigmoid": lambda a: f(a) * (1 - f(a)), "tanh": lambda a: 1 - f(a) ** 2}
    other = {"sigmoid": lambda a: 1 - f(a) ** 2, "tanh": lambda a: f(a) * (1 - f(a))}
    p = lambda a: prime[activation](a)  # noqa: E731
    D = np.diag  # noqa: N806
    return [
        ("diag(σ'(a_i)) W", lambda w, a: D(p(a)) @ w),
        ("diag(σ'(a_i)) W^T", lambda w, a: D(p(a)) @ w.T),
        ("W diag(σ'(a_i))", lambda w, a: w @ D(p(a))),
        ("W^T diag(σ'(a_i))", lambda w, a: w.T @ D(p(a))),
        ("(W diag(σ'(a_i)))^T", lambda w, a: (w @ D(p(a))).T),
        ("(W^T diag(σ'(a_i)))^T", lambda w, a: (w.T @ D(p(a))).T),
        ("diag(s_i(1 - s_i)) W", lambda w, a: D(f(a) * (1 - f(a))) @ w),
        ("diag(1 - s_i^2) W", lambda w, a: D(1 - f(a) ** 2) @ w),
        ("diag(1 - s_i^2) W^T", lambda w, a: D(1 - f(a) ** 2) @ w.T),
        ("diag(σ(a_i)) W", lambda w, a: D(f(a)) @ w),
        ("W", lambda w, a: w),
        ("diag(σ'(a_i)) W W", lambda w, a: D(p(a)) @ w @ w),
        ("diag(s_i) W - diag(s_i^2) W", lambda w, a: D(f(a)) @ w - D(f(a) ** 2) @ w),
        ("2 diag(σ'(a_i)) W / 2", lambda w, a: D(p(a)) @ w),
        ("diag(exp(-a_i)/(1 + exp(-a_i))^2) W",
         lambda w, a: D(np.exp(-a) / (1 + np.exp(-a)) ** 2) @ w),
        ("diag(4/(exp(a_i) + exp(-a_i))^2) W",
         lambda w, a: D(4 / (np.exp(a) + np.exp(-a)) ** 2) @ w),
        ("diag(σ'(a_i)) diag(σ'(a_i)) W", lambda w, a: D(p(a)) @ D(p(a)) @ w),
        ("diag(other) W", lambda w, a: D(other[activation](a)) @ w),
    ]


@pytest.mark.parametrize(("activation", "convention"), CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_correct_means_equal_to_the_jacobian_in_numbers(activation, convention, seed):
    rng = np.random.default_rng(seed)
    w, a = rng.normal(size=(3, 3)), rng.normal(size=3)
    jacobian = central_differences(activation, convention, w, a)
    key = JacobianKey(activation, convention)
    other = OTHER_PRIME[activation][0]
    agreeing = 0
    for answer, meaning in meanings(activation):
        answer = answer.replace("other", other)
        equal = np.allclose(meaning(w, a), jacobian, atol=1e-8)
        verdict = judge_jacobian(answer, key).verdict
        assert (verdict == "correct") == equal, (answer, verdict, equal)
        agreeing += equal
    assert 2 <= agreeing <= len(meanings(activation)) - 10  # both sides are tried
