"""The Partial atom and its printers: str, pretty, LaTeX and Unicode, written out by hand."""

import pytest
from sympy import Add, Mul, Symbol, latex, pretty, sstr

from rnnsym.notation import Partial, chain, factors, name, partial, plain_name, to_unicode


def test_printers_of_one_factor():
    p = partial("L_4", "y_4")
    assert sstr(p) == "dL_4/dy_4"
    assert latex(p) == r"\frac{\partial L_{4}}{\partial y_{4}}"
    assert pretty(p, use_unicode=True) == "∂L₄/∂y₄"
    assert p.unicode() == "∂L₄/∂y₄"
    assert p.pair == ("L4", "y4")


def test_printers_of_a_product_keep_the_chain_rule_order():
    term = chain([("L_2", "y_2"), ("y_2", "s_2"), ("s_2", "s_1"), ("s_1", "W")])
    assert sstr(term) == "dL_2/dy_2*dy_2/ds_2*ds_2/ds_1*ds_1/dW"
    assert latex(term) == (r"\frac{\partial L_{2}}{\partial y_{2}} "
                           r"\frac{\partial y_{2}}{\partial s_{2}} "
                           r"\frac{\partial s_{2}}{\partial s_{1}} "
                           r"\frac{\partial s_{1}}{\partial W}")
    assert to_unicode(term) == "∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂s₁ ∂s₁/∂W"
    assert [f.pair for f in factors(term)] == [("L2", "y2"), ("y2", "s2"), ("s2", "s1"),
                                               ("s1", "W")]


def test_factors_do_not_commute_or_cancel():
    a, b = partial("s_2", "s_1"), partial("s_1", "W")
    assert a * b != b * a
    assert factors(a * b) == (a, b)
    # ∂s₂/∂s₁ · ∂s₁/∂W is two factors, never the "fraction" ∂s₂/∂W.
    assert a * b != partial("s_2", "W")


def test_two_digit_subscripts_and_the_initial_state():
    assert latex(partial("s_12", "s_11")) == r"\frac{\partial s_{12}}{\partial s_{11}}"
    assert partial("s_12", "s_11").unicode() == "∂s₁₂/∂s₁₁"
    assert partial("s_1", "s_0").pair == ("s1", "s0")
    assert plain_name(name("L_10")) == "L10"


def test_a_sum_of_chain_products_prints_term_by_term():
    expr = Add(chain([("L_1", "y_1"), ("y_1", "V")]), chain([("L_2", "y_2"), ("y_2", "V")]))
    assert sstr(expr) == "dL_1/dy_1*dy_1/dV + dL_2/dy_2*dy_2/dV"


def test_only_symbols_make_a_partial():
    with pytest.raises(TypeError):
        Partial("L_4", Symbol("y_4"))


def test_factors_refuses_what_is_not_a_chain_product():
    with pytest.raises(ValueError):
        factors(Mul(Symbol("x"), partial("s_1", "W")))
