"""How --expand prints: the expanded factors, the facts, the bounds with γ put in."""

from fractions import Fraction

import pytest

from rnnsym.derivation import derive
from rnnsym.documents import latex_terms, term_groups
from rnnsym.expanded import bound_power_text, bounds, expansion_lines
from rnnsym.jacobians import expand


def test_expanded_factors_in_each_style_and_convention():
    d = derive("W", 2)
    assert term_groups(d, "unicode", expand=True)[1][1][1] == [
        "∂L₂/∂y₂", "∂y₂/∂s₂", "diag(σ′(a₂)) W", "∂s₁/∂W"]
    row = derive("W", 2, convention="row")
    assert term_groups(row, "unicode", expand=True)[1][1][1][2] == "diag(σ′(a₂)) Wᵀ"
    assert "\\operatorname{diag}\\left(\\sigma'\\left(a_{2}\\right)\\right) W^{\\top}" in \
        latex_terms(row, expand=True)[1]


@pytest.mark.parametrize("power, gamma, style, expected", [
    (2, "1/4", "unicode", "(γλ)² = λ²/16"),
    (1, "1/4", "unicode", "(γλ)¹ = λ/4"),
    (3, "1", "unicode", "(γλ)³ = λ³"),
    (2, "1/4", "text", "(gamma*lambda)^2 = lambda^2/16"),
    (2, "1/4", "latex", r"(\gamma\lambda)^{2} = \frac{\lambda^{2}}{16}"),
])
def test_bound_with_gamma_put_in(power, gamma, style, expected):
    assert bound_power_text(power, Fraction(gamma), style) == expected


def test_one_bound_per_product_of_jacobians():
    lines = bounds(derive("W", 3, activation="sigmoid"))
    # The products ∂s₂/∂s₁, ∂s₃/∂s₂, ∂s₃/∂s₁: t − k ≥ 1.
    assert lines == ["‖∂s₂/∂s₁‖ ≤ (γλ)¹ = λ/4", "‖∂s₃/∂s₂‖ ≤ (γλ)¹ = λ/4",
                     "‖∂s₃/∂s₁‖ ≤ (γλ)² = λ²/16"]
    assert bounds(derive("V", 3)) == []
    assert bounds(derive("s0", 2)) == ["‖∂s₁/∂s₀‖ ≤ (γλ)¹ = λ", "‖∂s₂/∂s₀‖ ≤ (γλ)² = λ²"]


def test_expansion_lines_state_the_facts():
    lines = expansion_lines(expand("sigmoid", "row", d=2))
    assert lines == [
        "∂sᵢ/∂sᵢ₋₁ = ∂sᵢ/∂aᵢ ∂aᵢ/∂sᵢ₋₁ = diag(σ′(aᵢ)) Wᵀ",
        "∂sᵢ/∂aᵢ, the Jacobian of s = σ(a) taken entrywise (d = 2):",
        "    [σ′(a1)  0     ]",
        "    [0       σ′(a2)]",
        "diagonal, with ∂s_j/∂a_j = exp(−a_j)/(1 + exp(−a_j))² = σ′(a_j)",
        "σ′(a) = exp(−a)/(1 + exp(−a))² = s(1 − s), s = σ(a)",
        "    (agrees with the model's table: σ′ = s(1 − s))",
        "∂aᵢ/∂sᵢ₋₁ = Wᵀ (row convention: a_i = x_i U + s_{i−1} W + b),",
        "    the stored W transposed: the same matrix as the column form's W",
        "‖∂s_t/∂s_k‖ ≤ (γλ)^(t−k), where",
        "    γ = max σ′ = 1/4, λ = ‖W‖₂ (the largest singular value of W)",
    ]


def test_expansion_lines_in_ascii_fit_80_columns():
    for activation in ("sigmoid", "tanh"):
        for convention in ("column", "row"):
            lines = expansion_lines(expand(activation, convention, d=3), "text")
            assert all(line.isascii() and len(line) <= 80 for line in lines)
    lines = expansion_lines(expand("tanh", "column", d=3), "text")
    assert lines[2:5] == ["    [sigma'(a1)  0           0         ]",
                          "    [0           sigma'(a2)  0         ]",
                          "    [0           0           sigma'(a3)]"]
    assert lines[5] == "diagonal, with ds_j/da_j = 1 - tanh(a_j)**2 = sigma'(a_j)"
