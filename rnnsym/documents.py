"""A derivation as documents: plain text, an `aligned` LaTeX block, Markdown, a JSON object.

Everything here is built from the derivation's plain data with the styles of
rnnsym.typeset, so printing thousands of terms needs no SymPy. Only `--expand` derives
facts with SymPy (rnnsym.expansion). The pieces (title, general formula, groups of terms,
summary, expansion) are also what the Rich renderer lays out for the terminal.

Example:
    >>> from rnnsym.derivation import derive
    >>> print(latex_block(derive("V", steps=2)))
    \\begin{aligned}
    \\frac{\\partial L}{\\partial V} &= \\sum_{t=1}^{T} \\frac{\\partial L_{t}}{\\partial y_{t}} \
\\frac{\\partial y_{t}}{\\partial V} \\\\
    &= \\frac{\\partial L_{1}}{\\partial y_{1}} \\frac{\\partial y_{1}}{\\partial V} \\\\
    &\\quad + \\frac{\\partial L_{2}}{\\partial y_{2}} \\frac{\\partial y_{2}}{\\partial V}
    \\end{aligned}
"""

from __future__ import annotations

from fractions import Fraction

from rnnsym.model import ACTIVATIONS, CONVENTIONS
from rnnsym.typeset import (
    STYLES,
    FactorCache,
    plain_name,
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


# --- the pieces ---------------------------------------------------------------------------


def prose(text: str, style_name: str) -> str:
    """Unicode prose as the style prints it (ASCII for "text")."""
    return STYLES[style_name].prose(text)


def title(derivation, style_name: str = "unicode") -> str:
    """"∂L/∂W over T = 4 steps", or "∂L₄/∂W: the loss L₄ alone, T = 4 steps"."""
    lhs = typeset_factor(derivation.lhs, style_name)
    if derivation.loss_at is None:
        return prose(f"{lhs} over T = {derivation.steps} steps", style_name)
    loss = STYLES[style_name].name_of(derivation.lhs[0])
    return prose(f"{lhs}: the loss {loss} alone, T = {derivation.steps} steps", style_name)


def options_line(derivation, style_name: str = "unicode") -> str:
    """"many-to-many, tanh, column convention, truncated BPTT with K = 2"."""
    window = "" if derivation.truncate is None else \
        f", truncated BPTT with K = {derivation.truncate}"
    return prose(f"{derivation.architecture}, {derivation.activation}, "
                 f"{derivation.convention} convention{window}", style_name)


def term_groups(derivation, style_name: str = "unicode", expand: bool = False):
    """[(t, [[factor text, …] per term])] in order: every term as its typeset factors.

    With `expand`, each ∂s_i/∂s_{i−1} is one piece, diag(σ′(a_i)) W.
    """
    cache = ChunkCache(style_name, expand, derivation.convention)
    return [(t, [[cache[pair] for pair in term.factors] for term in terms])
            for t, terms in derivation.groups()]


def summary(derivation, style_name: str = "unicode") -> list[str]:
    """The counts: terms kept, dropped by truncation, zero and left out."""
    n = derivation.count
    lines = [f"{n} term{'s' * (n != 1)}."]
    if derivation.truncate is not None:
        lines.append(f"Truncated BPTT, window K = {derivation.truncate}: {derivation.dropped} "
                     f"term{'s' * (derivation.dropped != 1)} with t − k ≥ K dropped.")
    if derivation.zero_terms:
        lines.append(f"{derivation.zero_terms} term{'s' * (derivation.zero_terms != 1)} "
                     f"left out as zero: {derivation.architecture} has an input at step 1 "
                     f"only, so x_k = 0 and ∂s_k/∂{derivation.rule.symbol} = 0 for k > 1.")
    if derivation.general.zero_reason:
        lines.append(f"Every path is cut: {derivation.general.zero_reason}.")
    return [prose(line, style_name) for line in lines]


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


# --- the documents ------------------------------------------------------------------------


def latex_terms(derivation, expand: bool = False) -> list[str]:
    """One LaTeX line per group of terms: the group's sum."""
    return [" + ".join(" ".join(chunks) for chunks in group)
            for _, group in term_groups(derivation, "latex", expand)]


def latex_block(derivation, expand: bool = False, general: bool = True) -> str:
    """The `aligned` block: ∂L/∂θ &= general \\\\ &= group 1 \\\\ &\\quad + group 2 …"""
    lhs = typeset_factor(derivation.lhs, "latex")
    rows = [f"{lhs} &= {derivation.general.rhs('latex')}"] if general else []
    groups = latex_terms(derivation, expand)
    for i, line in enumerate(groups):
        lead = ("&= " if rows else f"{lhs} &= ") if i == 0 else "&\\quad + "
        rows.append(lead + line)
    if not groups and not derivation.general.zero_reason:
        rows.append("&= 0" if rows else f"{lhs} &= 0")
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def text_document(derivation, style_name: str = "unicode", expansion=None) -> str:
    """Plain lines, unwrapped: title, general formula, (expansion,) one line per t, counts."""
    expand = expansion is not None
    lines = [title(derivation, style_name), options_line(derivation, style_name), "",
             derivation.general.typeset(style_name), ""]
    if expand:
        lines += expansion_lines(expansion, style_name) + [""]
    times, plus = STYLES[style_name].times, STYLES[style_name].plus
    for t, group in term_groups(derivation, style_name, expand):
        lines.append(f"t = {t}:  " + plus.join(times.join(chunks) for chunks in group))
    if expand and derivation.terms:
        lines += [""] + bounds(derivation, style_name)
    return "\n".join(lines + [""] + summary(derivation, style_name))


def markdown_document(derivation, expansion=None) -> str:
    """Headings and $$…$$ blocks."""
    expand = expansion is not None
    parts = [f"## {title(derivation)}", "", options_line(derivation) + ". " +
             " ".join(summary(derivation)), "",
             "### General formula", "", "$$", derivation.general.typeset("latex"), "$$", ""]
    if expand:
        parts += ["### Expanded", "", "$$", expansion_latex(expansion), "$$", ""]
    parts += ["### Terms", ""]
    for (t, _), line in zip(derivation.groups(), latex_terms(derivation, expand), strict=True):
        parts += [f"#### t = {t}", "", "$$", line, "$$", ""]
    if expand and derivation.terms:
        parts += ["### Bounds", "", "$$", bounds_latex(derivation), "$$", ""]
    return "\n".join(parts)


def json_document(derivation, expansion=None) -> dict:
    """The JSON object: options, counts, the general formula, every term, the LaTeX."""
    plain: dict = {}
    for pair in {p for term in derivation.terms for p in term.factors}:
        plain[pair] = [plain_name(pair[0]), plain_name(pair[1])]
    doc = {
        "param": derivation.param, "steps": derivation.steps,
        "loss_at": "all" if derivation.loss_at is None else derivation.loss_at,
        "loss_steps": list(derivation.loss_steps), "truncate": derivation.truncate,
        "architecture": derivation.architecture, "activation": derivation.activation,
        "convention": derivation.convention,
        "count": derivation.count, "dropped": derivation.dropped,
        "zero_terms": derivation.zero_terms,
        "general": {s: derivation.general.typeset(s) for s in ("text", "unicode", "latex")},
        "terms": [{"t": term.t, "k": term.k, "factors": [plain[p] for p in term.factors]}
                  for term in derivation.terms],
        "latex": latex_block(derivation, expand=expansion is not None),
    }
    if expansion is not None:
        doc["expand"] = expansion_json(derivation, expansion)
    return doc


# --- --expand -----------------------------------------------------------------------------


def _expr_unicode(expr) -> str:
    import re

    text = re.sub(r"\*\*(\d+)", lambda m: superscript(int(m.group(1))), str(expr))
    return text.replace("*(", "(").replace("*", "·").replace(" - ", " − ").replace("-", "−")


_EXPR = {"text": str, "unicode": _expr_unicode}


def expansion_lines(expansion, style_name: str = "unicode") -> list[str]:
    """The facts of --expand, one per line, each derived by rnnsym.expansion."""
    show = _EXPR[style_name]
    cache = ChunkCache(style_name, True, expansion.convention)
    rec = typeset_factor(("s_i", "s_i-1"), style_name)
    state, inp = (typeset_factor(p, style_name) for p in (("s_i", "a_i"), ("a_i", "s_i-1")))
    jac = expansion.state_jacobian
    diag = ", ".join(show(jac[j, j]) for j in range(expansion.d))
    lines = [
        f"{rec} = {state} {inp} = {cache[('s_i', 's_i-1')]}",
        f"{state} = diag(σ′(a_i)): for d = {expansion.d} the Jacobian of s = σ(a), taken "
        f"entrywise, is {'diagonal' if expansion.is_diagonal else 'NOT diagonal'}, "
        f"with diagonal ({diag})",
        f"σ′(a) = {show(expansion.prime_of_a)} = {show(expansion.prime_of_s)}, "
        f"i.e. {expansion.prime_text} in terms of s = σ(a)",
        f"{inp} = {cache.matrix}" + _convention_note(expansion.convention),
        f"‖∂s_t/∂s_k‖ ≤ (γλ)^(t−k), γ = max σ′ = {expansion.gamma} ({expansion.activation}), "
        f"λ = ‖W‖₂",
    ]
    return [prose(line, style_name) for line in lines]


def _convention_note(convention: str) -> str:
    if CONVENTIONS[convention].transposed:
        return (" (row convention, a_i = x_i U + s_{i−1} W + b: the Jacobian is the stored "
                "W transposed, the same matrix as the column form's W)")
    return " (column convention, a_i = U x_i + W s_{i−1} + b)"


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
