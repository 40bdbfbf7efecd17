"""The SymPy-free printers must print exactly what SymPy prints for the same Partial atoms."""

from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import latex, sstr

from rnnsym.notation import chain, partial
from rnnsym.typeset import (
    FactorCache,
    asciify,
    latex_name,
    plain_name,
    text_name,
    typeset_factor,
    typeset_term,
    unicode_name,
)

names = st.builds(lambda base, sub: f"{base}_{sub}" if sub is not None else base,
                  st.sampled_from(["L", "y", "s", "a", "W", "U", "V", "b", "c"]),
                  st.one_of(st.none(), st.integers(0, 300)))
# Chain-rule terms never repeat a factor (a repeated one would print as a power).
products = st.lists(st.tuples(names, names), min_size=1, max_size=6, unique=True)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(products)
def test_latex_and_str_equal_sympys_for_any_product(pairs):
    expr = chain(pairs)
    assert typeset_term(pairs, "latex") == latex(expr)
    assert typeset_term(pairs, "str") == sstr(expr)


def test_names_in_each_style():
    assert [latex_name(n) for n in ("L_4", "s_12", "W", "s_i-1")] == \
        ["L_{4}", "s_{12}", "W", "s_{i-1}"]
    assert [unicode_name(n) for n in ("L_4", "s_12", "s_i-1", "L_T", "W")] == \
        ["L₄", "s₁₂", "sᵢ₋₁", "L_T", "W"]
    assert [text_name(n) for n in ("L_4", "s_t", "s_i-1", "W")] == ["L4", "s_t", "s_{i-1}", "W"]
    assert plain_name("s_0") == "s0"


def test_factor_and_term_in_each_style():
    pair = ("s_2", "s_1")
    assert typeset_factor(pair, "text") == "ds2/ds1"
    assert typeset_factor(pair, "unicode") == "∂s₂/∂s₁"
    assert typeset_factor(pair, "latex") == latex(partial("s_2", "s_1"))
    term = [("L_2", "y_2"), ("y_2", "V")]
    assert typeset_term(term, "text") == "dL2/dy2 dy2/dV"
    assert typeset_term(term, "unicode") == "∂L₂/∂y₂ ∂y₂/∂V"


def test_the_cache_types_each_factor_once():
    cache = FactorCache("unicode")
    assert cache[("L_3", "y_3")] == "∂L₃/∂y₃"
    assert len(cache) == 1


def test_asciify_leaves_only_ascii():
    text = asciify("‖∂s₄/∂s₂‖ ≤ (γλ)² = λ²/16, σ′ = 1 − s², Σ Π θ …")
    assert text == ("||ds4/ds2|| <= (gamma*lambda)^2 = lambda^2/16, sigma' = 1 - s^2, "
                    "sum prod theta ...")
    assert text.isascii()
