"""The general Σ/Π formula: written out by hand for each case, and summed out it gives the terms."""

import pytest
from sympy import Max, Min, Symbol, sympify

from rnnsym.derivation import PARAMS, derive
from rnnsym.general_form import Product


@pytest.mark.parametrize("param, options, expected", [
    ("W", {},
     "∂L/∂W = Σ_{t=1}^{T} Σ_{k=1}^{t} ∂Lₜ/∂yₜ ∂yₜ/∂sₜ (Π_{i=k+1}^{t} ∂sᵢ/∂sᵢ₋₁) ∂sₖ/∂W"),
    ("W", {"truncate": 2},
     "∂L/∂W = Σ_{t=1}^{T} Σ_{k=max(1, t−K+1)}^{t} ∂Lₜ/∂yₜ ∂yₜ/∂sₜ (Π_{i=k+1}^{t} ∂sᵢ/∂sᵢ₋₁) "
     "∂sₖ/∂W"),
    ("W", {"loss_at": 4, "truncate": 2},
     "∂L₄/∂W = Σ_{k=3}^{4} ∂L₄/∂y₄ ∂y₄/∂s₄ (Π_{i=k+1}^{4} ∂sᵢ/∂sᵢ₋₁) ∂sₖ/∂W"),
    ("b", {"architecture": "many-to-one"},
     "∂L/∂b = Σ_{k=1}^{T} ∂L_T/∂y_T ∂y_T/∂s_T (Π_{i=k+1}^{T} ∂sᵢ/∂sᵢ₋₁) ∂sₖ/∂b"),
    ("U", {"architecture": "one-to-many"},
     "∂L/∂U = Σ_{t=1}^{T} ∂Lₜ/∂yₜ ∂yₜ/∂sₜ (Π_{i=2}^{t} ∂sᵢ/∂sᵢ₋₁) ∂s₁/∂U"),
    ("V", {}, "∂L/∂V = Σ_{t=1}^{T} ∂Lₜ/∂yₜ ∂yₜ/∂V"),
    ("c", {"loss_at": 2}, "∂L₂/∂c = ∂L₂/∂y₂ ∂y₂/∂c"),
    ("s0", {}, "∂L/∂s₀ = Σ_{t=1}^{T} ∂Lₜ/∂yₜ ∂yₜ/∂sₜ (Π_{i=1}^{t} ∂sᵢ/∂sᵢ₋₁)"),
    ("s0", {"truncate": 3},
     "∂L/∂s₀ = Σ_{t=1}^{min(T, K−1)} ∂Lₜ/∂yₜ ∂yₜ/∂sₜ (Π_{i=1}^{t} ∂sᵢ/∂sᵢ₋₁)"),
    ("s0", {"truncate": 1}, "∂L/∂s₀ = 0"),
    ("s0", {"loss_at": 4, "truncate": 3}, "∂L₄/∂s₀ = 0"),
])
def test_general_formula_as_the_notes_write_it(param, options, expected):
    assert derive(param, 4, **options).general.typeset("unicode") == expected


def test_general_formula_in_ascii_and_latex():
    form = derive("W", 4).general
    assert form.typeset("text") == ("dL/dW = sum_{t=1}^{T} sum_{k=1}^{t} dL_t/dy_t dy_t/ds_t "
                                    "(prod_{i=k+1}^{t} ds_i/ds_{i-1}) ds_k/dW")
    assert form.typeset("latex") == (
        r"\frac{\partial L}{\partial W} = \sum_{t=1}^{T} \sum_{k=1}^{t} "
        r"\frac{\partial L_{t}}{\partial y_{t}} \frac{\partial y_{t}}{\partial s_{t}} "
        r"\left(\prod_{i=k+1}^{t} \frac{\partial s_{i}}{\partial s_{i-1}}\right) "
        r"\frac{\partial s_{k}}{\partial W}")
    assert derive("W", 4, truncate=2).general.typeset("latex").count(r"\max(1, t-K+1)") == 1


# --- summing the formula out gives the derivation's terms ----------------------------------


def _value(bound, env):
    """A bound of the formula (text the formula itself wrote) evaluated at integers."""
    expr = sympify(bound.replace("max", "Max").replace("min", "Min"),
                   locals={"Max": Max, "Min": Min, **{n: Symbol(n) for n in "tTkKi"}})
    return int(expr.subs({Symbol(n): v for n, v in env.items()}))


def _expand(form, env):
    """{(t, k)} over the formula's sums, with the ranges its bounds give."""
    pairs = [dict(env)]
    for bound in form.sums:
        pairs = [{**p, bound.index: v} for p in pairs
                 for v in range(_value(bound.lower, p), _value(bound.upper, p) + 1)]
    products = [piece for piece in form.body if isinstance(piece, Product)]
    out = set()
    for p in pairs:
        # The Π runs from i = k + 1; without one, the path ends at k = t (V, c).
        k = _value(products[0].bound.lower, p) - 1 if products else p["t"]
        out.add((p["t"], k))
    return out


@pytest.mark.parametrize("param", list(PARAMS))
@pytest.mark.parametrize("options", [{}, {"truncate": 1}, {"truncate": 2}, {"truncate": 9},
                                     {"architecture": "many-to-one"},
                                     {"architecture": "one-to-many"},
                                     {"architecture": "many-to-one", "truncate": 3},
                                     {"loss_at": 3}, {"loss_at": 5, "truncate": 2}])
def test_the_formula_sums_out_to_the_terms(param, options):
    steps, window = 5, options.get("truncate", 0)
    d = derive(param, steps, **options)
    t_fixed = d.loss_at or steps
    env = {"T": steps, "K": window, "t": t_fixed}
    expected = {(term.t, term.k) for term in d.terms}
    if d.general.zero_reason:
        assert expected == set()
    else:
        assert _expand(d.general, env) == expected
