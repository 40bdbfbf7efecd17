"""Reading answers: every notation to the same SymPy object, Σ/Π expansion, and the limits."""

import time

import pytest
from sympy import (
    Eq,
    ImmutableMatrix,
    Integer,
    Matrix,
    Rational,
    Symbol,
    Tuple,
    latex,
    symbols,
    tanh,
)

from rnnsym.answers import AnswerError, Limits, parse, parse_shape, parse_template
from rnnsym.answers.functions import diag, sigma, sigma_prime
from rnnsym.answers.verdict import echo
from rnnsym.notation import partial

CHAIN_3 = partial("L_4", "y_4") * partial("y_4", "s_4") * partial("s_4", "W")


@pytest.mark.parametrize("text", [
    "dL4/dy4 * dy4/ds4 * ds4/dW",
    "dL_4/dy_4 dy_4/ds_4 ds_4/dW",
    "dL_{4}/dy_{4} · dy_{4}/ds_{4} · ds_{4}/dW",
    "∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W",
    "∂L_4/∂y_4 × ∂y_4/∂s_4 × ∂s_4/∂W",
    r"\frac{\partial L_4}{\partial y_4}\frac{\partial y_4}{\partial s_4}"
    r"\frac{\partial s_4}{\partial W}",
    r"\dfrac{dL_4}{dy_4} \cdot \dfrac{dy_4}{ds_4} \cdot \dfrac{ds_4}{dW}",
    r"\partial L_4/\partial y_4 \, \partial y_4/\partial s_4 \, \partial s_4/\partial W",
])
def test_every_notation_of_a_chain_reads_to_the_same_ordered_product(text):
    assert parse(text) == CHAIN_3


def test_factors_keep_their_order():
    assert parse("dy4/ds4 dL4/dy4 ds4/dW") != CHAIN_3


def key_t4():
    """∂L₄/∂W written out by hand: k = 4, 3, 2, 1."""
    head = partial("L_4", "y_4") * partial("y_4", "s_4")
    s43, s32, s21 = partial("s_4", "s_3"), partial("s_3", "s_2"), partial("s_2", "s_1")
    return (head * partial("s_4", "W") + head * s43 * partial("s_3", "W")
            + head * s43 * s32 * partial("s_2", "W") + head * s43 * s32 * s21 * partial("s_1", "W"))


@pytest.mark.parametrize("text", [
    "sum(k=1..4, dL4/dy4 dy4/ds4 prod(i=k+1..4, ds_i/ds_{i-1}) ds_k/dW)",
    r"\sum_{k=1}^{4} \frac{\partial L_4}{\partial y_4} \frac{\partial y_4}{\partial s_4} "
    r"\left(\prod_{i=k+1}^{4} \frac{\partial s_i}{\partial s_{i-1}}\right) "
    r"\frac{\partial s_k}{\partial W}",
    "Σ_{k=1}^{4} ∂L₄/∂y₄ ∂y₄/∂s₄ (Π_{i=k+1}^{4} ∂s_i/∂s_{i−1}) ∂s_k/∂W",
    # Without brackets the Π ends where its index stops appearing.
    "Σₖ₌₁⁴ ∂L₄/∂y₄ ∂y₄/∂s₄ Πᵢ₌ₖ₊₁⁴ ∂sᵢ/∂sᵢ₋₁ ∂sₖ/∂W",
    "sum_{k=1}^4 dL4/dy4 dy4/ds4 prod_{i=k+1}^4 ds_i/ds_{i-1} ds_k/dW",
])
def test_sums_and_products_with_number_bounds_are_expanded(text):
    assert parse(text) == key_t4()


def test_a_product_of_jacobians_runs_from_the_highest_index_down():
    assert parse("prod(i=2..4, ds_i/ds_{i-1})") == (
        partial("s_4", "s_3") * partial("s_3", "s_2") * partial("s_2", "s_1"))
    assert parse("prod(i=5..4, ds_i/ds_{i-1})") == 1  # the empty product
    assert parse("sum(k=3..2, x_k)") == 0


def test_arithmetic():
    x, y, n, d = symbols("x y n d")
    assert parse("x^2 + 2x y - -3") == x**2 + 2 * x * y + 3
    assert parse("x**2") == parse("x²") == x**2
    assert parse("-2^2") == -4 and parse("2^3^2") == 512 and parse("2^-1") == Rational(1, 2)
    assert parse("nd + d^2") == n * d + d**2
    assert parse("0.25") == Rational(1, 4) and parse("1e3") == 1000
    assert parse(r"\frac{1}{3}") == Rational(1, 3)
    assert parse("(γλ)^(t-k)") == (Symbol("gamma") * Symbol("lambda")) ** (
        Symbol("t") - Symbol("k"))


def test_functions():
    a = Symbol("a_4")
    assert parse("σ(a_4)") == parse("sigma(a4)") == parse(r"\sigma(a_4)") == sigma(a)
    assert parse("σ'(a_4)") == parse("sigma'(a_4)") == parse("σ′(a₄)") == sigma_prime(a)
    assert parse("tanh'(x)") == 1 - tanh(Symbol("x")) ** 2
    assert parse("diag(1, 2)") == ImmutableMatrix([[1, 0], [0, 2]])
    assert parse("diag(σ'(a_4)) W") == diag(sigma_prime(a)) * Symbol("W")
    assert parse(r"\operatorname{diag}(x) W") == diag(Symbol("x")) * Symbol("W")


def test_vectors_matrices_tuples_and_equations():
    assert parse("[[1, 2], [3, 4]]") == ImmutableMatrix([[1, 2], [3, 4]])
    assert parse("[1, 2, 3]") == ImmutableMatrix([1, 2, 3])
    assert parse("(14, 7)") == Tuple(14, 7)
    assert parse("n = 14") == Eq(Symbol("n"), 14)


@pytest.mark.parametrize("text", ["(14, 7)", "14x7", "14 x 7", "14×7", "[14, 7]", "14, 7"])
def test_shapes(text):
    assert parse_shape(text) == (Integer(14), Integer(7))


def test_symbolic_shapes():
    d, n = symbols("d n")
    assert parse_shape("(d, n)") == parse_shape("d x n") == parse_shape("d×n") == (d, n)
    assert parse_shape("(d + 1) x n") == parse_shape("((d + 1), n)") == (d + 1, n)


def test_general_t_answers_are_built_for_each_t():
    template = parse_template("sum(k=1..t, dL_t/ds_k)")
    assert template.at(t=2) == partial("L_2", "s_1") + partial("L_2", "s_2")
    value, free = template.instantiate({"t": 1})
    assert value == partial("L_1", "s_1") and free == frozenset()
    _, free = parse_template("dL_T/ds_T").instantiate({"t": 3})
    assert free == frozenset({"T"})


def test_the_answer_is_echoed_as_it_was_read():
    shown = echo(parse("∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W"))
    assert shown.unicode == "∂L₄/∂y₄⋅∂y₄/∂s₄⋅∂s₄/∂W"
    assert shown.latex == latex(CHAIN_3)
    assert shown.text == "dL_4/dy_4*dy_4/ds_4*ds_4/dW"
    assert echo(parse("n = 14")).text == "n = 14"


@pytest.mark.parametrize(("text", "category", "words"), [
    ("(" * 60 + "1" + ")" * 60, "too_deep", "more than 50 deep"),
    ("-" * 60 + "1", "too_deep", "more than 50 deep"),
    ("2^" * 60 + "2", "too_deep", "more than 50 deep"),
    ("1" * 31, "number_too_long", "31 digits"),
    ("9**9**9**9", "exponent_too_large", "the exponent 387420489 is too large"),
    ("x^1000", "exponent_too_large", "the limit is ±100"),
    ("(10^30)^50", "power_too_large", "more than 1,000 digits"),
    ("sum(k=1..100000, x_k)", "too_many_terms", "more than 2,000 terms"),
    ("sum(k=1..10^20, x_k)", "too_many_terms", "more than 2,000 terms"),
    ("sum(k=1..t, x_k)", "symbolic_bound", "the bound t of Σ over k"),
    ("dL4/dy4 / (dy4/ds4)", "divide_by_partial", "dividing by ∂y₄/∂s₄ is not defined"),
    ("1/0", "cannot_compute", "divides by zero"),
    ("[1, 2] + 1", "cannot_compute", "do not fit together"),
    ("[[1, 2], [3]]", "bad_matrix", "different lengths"),
    ("x +", "syntax", "at position 3, found the end of the answer"),
    ("(x", "syntax", "expected ')'"),
    ("sigma x", "syntax", "sigma needs its argument in brackets"),
    ("∂L/W", "syntax", "∂ must be followed by a name"),
    ("Σ x_k", "syntax", "Σ needs bounds"),
    ("s_{k,1}", "bad_subscript", "subscript of 's_{k,1}'"),
    ("s_{1/2}", "bad_subscript", "not a whole number"),
    ("log''(x)", "unknown_function", "only σ', tanh' and exp' are"),
])
def test_each_limit_and_error_has_its_own_message(text, category, words):
    with pytest.raises(AnswerError) as caught:
        parse(text)
    assert caught.value.category == category
    assert words in caught.value.message


def test_the_root_of_a_huge_number_is_refused():
    with pytest.raises(AnswerError, match="more than 50 digits") as caught:
        parse("(10^60 + 1)^(1/3)")
    assert caught.value.category == "power_too_large"


def test_limits_can_be_set():
    with pytest.raises(AnswerError, match="more than 3 deep"):
        parse("((((1))))", limits=Limits(max_depth=3))
    assert parse("((((1))))") == 1


def test_ten_thousand_nested_brackets_are_refused_quickly():
    start = time.perf_counter()
    with pytest.raises(AnswerError, match="deep"):
        parse("(" * 10_000 + ")" * 10_000, limits=Limits(max_length=30_000))
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("text", [
    r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
    r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \\ \end{pmatrix}",          # a trailing \\ is common
    r"\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]",      # SymPy's own latex()
    r"\begin{bmatrix}1&2\\3&2^2\end{bmatrix}",
    "[[1, 2], [3, 4]]",
])
def test_latex_matrices(text):
    assert parse(text) == Matrix([[1, 2], [3, 4]])


def test_latex_vectors_and_products():
    assert parse(r"\begin{bmatrix} 3/5 \\ 4/5 \end{bmatrix}") == Matrix([[Rational(3, 5)],
                                                                          [Rational(4, 5)]])
    assert parse(r"2 \begin{pmatrix} x & -1 \end{pmatrix}") == Matrix([[2 * Symbol("x"), -2]])


@pytest.mark.parametrize(("text", "category", "words"), [
    (r"\begin{bmatrix} 1 & 2", "syntax", [r"\begin{bmatrix} at position 0 needs",
                                          r"\end{bmatrix}", "the end of the answer"]),
    (r"\begin{bmatrix} 1 \end{pmatrix}", "syntax", [r"needs \end{bmatrix}"]),
    (r"\begin{array}{cc} 1 \end{array}", "unknown_environment", ["'array'"]),
    (r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix}", "bad_matrix", ["different lengths"]),
    (r"\begin{bmatrix} \begin{bmatrix} 1 \end{bmatrix} \end{bmatrix}", "bad_matrix",
     ["entry"]),
    (r"\begin{bmatrix}" + "1&" * 600 + r"1 \end{bmatrix}", "too_many_entries",
     ["601 entries", "limit is 400"]),
    ("[" + "1, " * 450 + "1]", "too_many_entries", ["451 entries"]),
    (r"\begin{bmatrix}" * 60 + "1", "too_deep", ["50 deep"]),
    (r"\begin x", "syntax", ["needs {an environment}"]),
    (r"\end{bmatrix}", "syntax", ["position 0"]),
    (r"1 \\ 2", "syntax", ["position 2"]),
    (r"\max(dL/dy, 1)", "cannot_compute", ["not comparable"]),
])
def test_hostile_latex_matrices_and_max(text, category, words):
    with pytest.raises(AnswerError) as error:
        parse(text)
    assert error.value.category == category
    for word in words:
        assert word in error.value.message


@pytest.mark.parametrize(("text", "value"), [
    (r"\max(1, 4-3+1)", 2), (r"\max(1, 2-3+1)", 1), ("max(1, 3, 2)", 3),
    (r"\min(3, 5)", 3), ("min(4, 1/2)", Rational(1, 2)), (r"\operatorname{max}(2, 7)", 7),
])
def test_max_and_min(text, value):
    assert parse(text) == value


def test_a_truncated_sum_with_max_in_its_lower_bound():
    # Truncated BPTT with window K = 3 keeps k = max(1, t − K + 1) … t: for t = 5, k = 3, 4, 5.
    x3, x4, x5 = Symbol("x_3"), Symbol("x_4"), Symbol("x_5")
    assert parse(r"\sum_{k=\max(1, 5-3+1)}^{5} x_k") == x3 + x4 + x5
    template = parse_template(r"\sum_{k=\max(1, t-3+1)}^{t} x_k")
    assert template.at(t=5) == x3 + x4 + x5
    assert template.at(t=2) == Symbol("x_1") + Symbol("x_2")
