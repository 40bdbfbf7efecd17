"""A derivation as documents: plain text, an `aligned` LaTeX block, Markdown, a JSON object.

Everything here is built from the derivation's plain data with the styles of
rnnsym.typeset, so printing thousands of terms needs no SymPy. Only `--expand` derives
facts with SymPy (rnnsym.jacobians), printed by rnnsym.expanded. The pieces (title,
general formula, groups of terms, summary) are also what the Rich renderer lays out.

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

from rnnsym.expanded import (
    ChunkCache,
    bounds,
    bounds_latex,
    expansion_json,
    expansion_latex,
    expansion_lines,
)
from rnnsym.model import CONVENTIONS, Model
from rnnsym.typeset import STYLES, plain_name, prose, typeset_factor

# --- the pieces ---------------------------------------------------------------------------


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


def model_line(derivation, style_name: str = "unicode") -> str:
    """The convention's formulas and the gradient's shape in that convention.

    Example:
        >>> from rnnsym.derivation import derive
        >>> model_line(derive("U", 2, convention="row"))
        's_t = σ(x_t U + s_{t−1} W + b), o_t = s_t V + c; ∂L/∂U: n×d, like U'
    """
    formula = CONVENTIONS[derivation.convention].formula
    lhs = typeset_factor(derivation.lhs, style_name)
    shape = symbolic_shape(derivation.param, derivation.convention)
    shape = shape if "×" in shape else f"{shape}-vector"
    name = STYLES[style_name].name_of(derivation.rule.symbol)
    return prose(f"{formula.replace(',  ', ', ')}; {lhs}: {shape}, like {name}", style_name)


def symbolic_shape(param: str, convention: str) -> str:
    """"d×n": the parameter's shape in letters, read from the model's own table of shapes."""
    letters = {2: "n", 3: "d", 5: "k"}  # sizes that are told apart by their value
    shape = Model(n=2, d=3, k=5, convention=convention).shapes()[param]
    return "×".join(letters[size] for size in shape)


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
    lines = [title(derivation, style_name), options_line(derivation, style_name),
             model_line(derivation, style_name), "",
             derivation.general.typeset(style_name), ""]
    if expand:
        lines += expansion_lines(expansion, style_name) + [""]
    times, plus = STYLES[style_name].times, STYLES[style_name].plus
    for t, group in term_groups(derivation, style_name, expand):
        lines.append(f"t = {t}:  " + plus.join(times.join(chunks) for chunks in group))
    if expand and bounds(derivation, style_name):
        lines += [""] + bounds(derivation, style_name)
    return "\n".join(lines + [""] + summary(derivation, style_name))


def markdown_document(derivation, expansion=None) -> str:
    """Headings and $$…$$ blocks."""
    expand = expansion is not None
    parts = [f"## {title(derivation)}", "", options_line(derivation) + ". " +
             " ".join(summary(derivation)), "", model_line(derivation) + ".", "",
             "### General formula", "", "$$", derivation.general.typeset("latex"), "$$", ""]
    if expand:
        parts += ["### Expanded", "", "$$", expansion_latex(expansion), "$$", ""]
    parts += ["### Terms", ""]
    for (t, _), line in zip(derivation.groups(), latex_terms(derivation, expand), strict=True):
        parts += [f"#### t = {t}", "", "$$", line, "$$", ""]
    if expand and bounds(derivation):
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


