"""How --expand prints: diag(σ′(a_i)) W in place of each ∂s_i/∂s_{i−1}, the facts, the bounds.

The facts themselves are derived by rnnsym.jacobians (SymPy); this module writes them in
each style of rnnsym.typeset, and writes the bound ‖∂s_t/∂s_k‖ ≤ (γλ)^{t−k} of every
product of the recurrence's Jacobians with γ put in.

Example:
    >>> from fractions import Fraction
    >>> bound_power_text(2, Fraction(1, 4), "unicode")
    '(γλ)² = λ²/16'
    >>> ChunkCache("unicode", expand=True)[("s_3", "s_2")]
    'diag(σ′(a₃)) W'
"""

from __future__ import annotations

import re
from fractions import Fraction

from rnnsym.model import ACTIVATIONS, CONVENTIONS
from rnnsym.typeset import (
    STYLES,
    FactorCache,
    prose,
    split_name,
    superscript,
    typeset_factor,
)

# ∂s_i/∂s_{i−1} written out by --expand: {a} is a_i as the style names it, {W} the matrix.
EXPANDED = {
    "text": "diag(sigma'({a})) {W}",
    "unicode": "diag(σ′({a})) {W}",
    "latex": "\\operatorname{{diag}}\\left(\\sigma'\\left({a}\\right)\\right) {W}",
}
# The matrix of ∂a_i/∂s_{i−1}: W in the column convention, the stored W transposed in the row.
RECURRENT_MATRIX = {
    ("text", False): "W", ("text", True): "W^T",
    ("unicode", False): "W", ("unicode", True): "Wᵀ",
    ("latex", False): "W", ("latex", True): "W^{\\top}",
}


class ChunkCache(FactorCache):
    """Typeset factors; with `expand`, each ∂s_i/∂s_{i−1} becomes diag(σ′(a_i)) W."""

    def __init__(self, style_name: str, expand: bool = False, convention: str = "column"):
        super().__init__(style_name)
        self.expand = expand
        transposed = CONVENTIONS[convention].transposed
        self.matrix = RECURRENT_MATRIX.get((style_name, transposed), "W")

    def __missing__(self, pair):
        if not (self.expand and pair[0].startswith("s_") and pair[1].startswith("s_")):
            return super().__missing__(pair)
        a = self.style.name_of("a_" + split_name(pair[0])[1])
        text = EXPANDED[self.style.name].format(a=a, W=self.matrix)
        self[pair] = text
        return text


def _lam(power: int, symbol: str, sup) -> str:
    return symbol if power == 1 else symbol + sup(power)


def _value(lam: str, num: int, den: int, times: str = "") -> str:
    return ("" if num == 1 else f"{num}{times}") + lam + ("" if den == 1 else f"/{den}")


def _bound_latex(m: int, num: int, den: int) -> str:
    lam = _lam(m, "\\lambda", lambda p: f"^{{{p}}}")
    value = _value(lam, num, 1)
    value = value if den == 1 else f"\\frac{{{value}}}{{{den}}}"
    return f"(\\gamma\\lambda)^{{{m}}} = {value}"


# (γλ)^m with γ put in, per style; γ^m = num/den.
_BOUND_FORMS = {
    "text": lambda m, num, den: "(gamma*lambda)^{} = {}".format(
        m, _value(_lam(m, "lambda", lambda p: f"^{p}"), num, den, "*")),
    "unicode": lambda m, num, den: "(γλ){} = {}".format(
        superscript(m), _value(_lam(m, "λ", superscript), num, den)),
    "latex": _bound_latex,
}


def bound_power_text(power: int, gamma: Fraction, style_name: str) -> str:
    """(γλ)^m with γ put in: λ²/16 for the sigmoid's γ = 1/4, λ² for tanh."""
    num, den = gamma.numerator**power, gamma.denominator**power
    return _BOUND_FORMS[style_name](power, num, den)


def bounds(derivation, style_name: str = "unicode") -> list[str]:
    """‖∂s_t/∂s_k‖ ≤ (γλ)^{t−k} for each product of the recurrence's Jacobians."""
    gamma = ACTIVATIONS[derivation.activation].gamma
    seen, lines = set(), []
    for term in derivation.terms:
        power = sum(1 for n, d in term.factors if n.startswith("s_") and d.startswith("s_"))
        if power == 0 or (term.t, term.k) in seen:
            continue
        seen.add((term.t, term.k))
        norm = typeset_factor((f"s_{term.t}", f"s_{term.k}"), style_name)
        value = bound_power_text(power, gamma, style_name)
        if style_name == "latex":
            lines.append(f"\\left\\| {norm} \\right\\| &\\le {value}")
        else:
            lines.append(prose(f"‖{norm}‖ ≤ {value}", style_name))
    return lines


def bounds_latex(derivation) -> str:
    """The bounds as an `aligned` block."""
    return "\\begin{aligned}\n" + " \\\\\n".join(bounds(derivation, "latex")) + "\n\\end{aligned}"


def _expr_unicode(expr) -> str:
    text = re.sub(r"\*\*(\d+)", lambda m: superscript(int(m.group(1))), str(expr))
    return text.replace("*(", "(").replace("*", "·").replace(" - ", " − ").replace("-", "−")


_EXPR = {"text": str, "unicode": _expr_unicode}


def expansion_lines(expansion, style_name: str = "unicode") -> list[str]:
    """The facts of --expand, each derived by rnnsym.jacobians, in lines of at most 80."""
    from sympy import Symbol

    show = _EXPR[style_name]
    cache = ChunkCache(style_name, True, expansion.convention)
    rec = typeset_factor(("s_i", "s_i-1"), style_name)
    state, inp = (typeset_factor(p, style_name) for p in (("s_i", "a_i"), ("a_i", "s_i-1")))
    a_j = STYLES[style_name].name_of("a_j")
    entry = show(expansion.prime_of_a.subs(Symbol("a"), Symbol("a_j")))
    lines = [
        f"{rec} = {state} {inp} = {cache[('s_i', 's_i-1')]}",
        f"{state}, the Jacobian of s = σ(a) taken entrywise (d = {expansion.d}):",
        *_matrix_rows(_shown_jacobian(expansion), lambda cell: prose(cell, style_name)),
        f"{_checked(expansion.is_diagonal, 'diagonal', 'NOT diagonal')}, with "
        f"∂s_j/∂{a_j} = {entry} {_checked(expansion.diagonal_is_prime, '=', '≠')} σ′({a_j})",
        f"σ′(a) = {show(expansion.prime_of_a)} = {show(expansion.prime_of_s)}, s = σ(a)",
        f"    ({_checked(expansion.matches_table, 'agrees with', 'DISAGREES with')} the "
        f"model's table: σ′ = {expansion.prime_text})",
        *_convention_lines(inp, cache.matrix, expansion.convention),
        "‖∂s_t/∂s_k‖ ≤ (γλ)^(t−k), where",
        f"    γ = max σ′ = {expansion.gamma}, λ = ‖W‖₂ (the largest singular value of W)",
    ]
    return [prose(line, style_name) for line in lines]


def _checked(holds: bool, yes: str, no: str) -> str:
    return yes if holds else no


def _shown_jacobian(expansion) -> list[list[str]]:
    """The derived ∂s/∂a with each entry that equals σ′(a_j) written as σ′(a_j)."""
    from sympy import Symbol, simplify

    jac, prime = expansion.state_jacobian, expansion.prime_of_a
    rows = []
    for p in range(jac.rows):
        row = []
        for q in range(jac.cols):
            entry = jac[p, q]
            is_prime = entry != 0 and simplify(entry - prime.subs(Symbol("a"), expansion.a[q])) == 0
            row.append(f"σ′(a{q + 1})" if is_prime else str(entry))
        rows.append(row)
    return rows


def _matrix_rows(cells: list[list[str]], show) -> list[str]:
    """A small matrix as indented rows of aligned columns: `    [σ′(a1)  0]`."""
    cells = [[show(cell) for cell in row] for row in cells]
    widths = [max(len(row[q]) for row in cells) for q in range(len(cells[0]))]
    return ["    [" + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + "]"
            for row in cells]


def _convention_lines(inp: str, matrix: str, convention: str) -> list[str]:
    if CONVENTIONS[convention].transposed:
        return [f"{inp} = {matrix} (row convention: a_i = x_i U + s_{{i−1}} W + b),",
                "    the stored W transposed: the same matrix as the column form's W"]
    return [f"{inp} = {matrix} (column convention: a_i = U x_i + W s_{{i−1}} + b)"]


def expansion_latex(expansion) -> str:
    """The facts of --expand as an `aligned` block."""
    from sympy import latex

    cache = ChunkCache("latex", True, expansion.convention)
    rec = typeset_factor(("s_i", "s_i-1"), "latex")
    state, inp = (typeset_factor(p, "latex") for p in (("s_i", "a_i"), ("a_i", "s_i-1")))
    gamma = expansion.gamma
    gamma_tex = str(gamma) if gamma.denominator == 1 else \
        f"\\frac{{{gamma.numerator}}}{{{gamma.denominator}}}"
    rows = [
        f"{rec} &= {state} {inp} = {cache[('s_i', 's_i-1')]}",
        f"{state} &= {latex(expansion.state_jacobian)}",
        f"\\sigma'(a) &= {latex(expansion.prime_of_a)} = {latex(expansion.prime_of_s)}",
        f"{inp} &= {cache.matrix}",
        f"\\left\\| \\frac{{\\partial s_{{t}}}}{{\\partial s_{{k}}}} \\right\\| &\\le "
        f"(\\gamma\\lambda)^{{t-k}}, \\quad \\gamma = {gamma_tex}, \\ \\lambda = \\|W\\|_2",
    ]
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def expansion_json(derivation, e) -> dict:
    """The facts of --expand for the JSON object."""
    from sympy import latex

    return {
        "recurrent": {s: ChunkCache(s, True, e.convention)[("s_i", "s_i-1")]
                      for s in ("text", "unicode", "latex")},
        "state_jacobian": [[str(e.state_jacobian[p, q]) for q in range(e.d)] for p in range(e.d)],
        "diagonal": e.is_diagonal, "d": e.d,
        "prime_of_a": str(e.prime_of_a), "prime_of_s": str(e.prime_of_s),
        "prime_latex": latex(e.prime_of_s), "prime_matches_table": e.matches_table,
        "input_jacobian": e.input_jacobian_name, "gamma": str(e.gamma),
        "bounds": bounds(derivation, "text"),
    }
