"""Chain-rule notation typeset from plain names, without SymPy.

A factor ∂a/∂b is a pair of names in SymPy's subscript convention ("L_4", "y_4", "s_0",
"W"; general indices too: "s_i-1"). Each output style is one row of STYLES: how it writes a
name, a factor ∂a/∂b, a product of factors and a sum of products. The "str" and "latex"
rows print exactly what SymPy prints for the same product of notation.Partial atoms (the
tests hold them to it), so a derivation of thousands of terms can be printed without
importing SymPy, and the two can never drift apart.

Example:
    >>> term = (("L_4", "y_4"), ("y_4", "s_4"), ("s_4", "W"))
    >>> typeset_term(term, "unicode")
    '∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W'
    >>> typeset_term(term, "text")
    'dL4/dy4 dy4/ds4 ds4/dW'
    >>> typeset_factor(("s_2", "s_1"), "latex")
    '\\\\frac{\\\\partial s_{2}}{\\\\partial s_{1}}'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

_SUBSCRIPTS = str.maketrans("0123456789+-=()aeiklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₖₗₘₙₒₚᵣₛₜᵤᵥₓ")

# Prose is written once, in Unicode; the ASCII style transliterates it.
_ASCII = {
    "γλ": "gamma*lambda", "‖₂": "||_2", "∂": "d", "Σ": "sum", "Π": "prod", "σ′": "sigma'",
    "σ": "sigma", "−": "-", "‖": "||",
    "≤": "<=", "≥": ">=", "γ": "gamma", "λ": "lambda", "θ": "theta", "…": "...", "·": "*",
    "×": " x ", "→": "->", "≠": "!=", "²": "^2", "ᵀ": "^T", "¹": "^1", "³": "^3", "—": "-",
    "⊙": "*", "′": "'", "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6",
    "₇": "7", "₈": "8", "₉": "9", "ₜ": "t", "ₖ": "k", "ᵢ": "i", "₋": "-", "₊": "+",
}
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def split_name(name: str) -> tuple[str, str]:
    """`"s_12"` → `("s", "12")`; a name without a subscript has an empty one."""
    base, _, sub = str(name).partition("_")
    return base, sub


def plain_name(name) -> str:
    """`L_4` → `L4`, the form the JSON output and most typed answers use."""
    return str(name).replace("_", "")


def unicode_name(name) -> str:
    """`s_12` → `s₁₂`; when a subscript has no Unicode form, the name is returned as it is."""
    text = str(name)
    base, sub = split_name(text)
    if not sub:
        return text
    translated = sub.translate(_SUBSCRIPTS)
    return text if any(ch.isascii() for ch in translated) else base + translated


def text_name(name) -> str:
    """ASCII: `L_4` → `L4` (a number needs no underscore), `L_t` → `L_t`, `s_i-1` → `s_{i-1}`."""
    base, sub = split_name(name)
    if not sub or sub.isdigit():
        return base + sub
    return f"{base}_{sub}" if len(sub) == 1 else f"{base}_{{{sub}}}"


def latex_name(name) -> str:
    """`L_4` → `L_{4}`, as SymPy's LaTeX printer writes the Symbol of that name."""
    base, sub = split_name(name)
    return f"{base}_{{{sub}}}" if sub else base


def asciify(text: str) -> str:
    """The ASCII transliteration of Unicode prose: `‖∂s/∂a‖ ≤ γ` → `||ds/da|| <= gamma`."""
    for uni, ascii_text in _ASCII.items():
        text = text.replace(uni, ascii_text)
    return text


def superscript(number: int) -> str:
    """`12` → `¹²`."""
    return str(number).translate(_SUPERSCRIPTS)


@dataclass(frozen=True)
class Style:
    """How one output style writes the pieces of a chain-rule sum.

    Attributes:
        name: the table key.
        name_of: a Symbol name ("L_4") as this style prints it.
        factor: the template of ∂num/∂den, with the printed names as {0} and {1}.
        times: what goes between the factors of a product.
        plus: what goes between the terms of a sum.
        sum_of, prod_of: templates of Σ and Π with bounds: {index}, {lower}, {upper}.
        group: how a Π and its factor are enclosed: "(" + ... + ")" around the product.
        bound: a bound expression ("max(1, t-K+1)") as this style prints it.
        prose: Unicode prose as this style prints it.
    """

    name: str
    name_of: Callable[[str], str]
    factor: str
    times: str
    plus: str
    sum_of: str
    prod_of: str
    group: tuple[str, str]
    bound: Callable[[str], str]
    prose: Callable[[str], str]


def _same(text: str) -> str:
    return text


STYLES: Mapping[str, Style] = {
    # Exactly SymPy's str() of a product of Partial atoms.
    "str": Style("str", str, "d{0}/d{1}", "*", " + ", "Sum_{{{index}={lower}}}^{{{upper}}}",
                 "Prod_{{{index}={lower}}}^{{{upper}}} ", ("(", ")"), _same, asciify),
    "text": Style("text", text_name, "d{0}/d{1}", " ", " + ", "sum_{{{index}={lower}}}^{{{upper}}}",
                  "prod_{{{index}={lower}}}^{{{upper}}} ", ("(", ")"), _same, asciify),
    "unicode": Style("unicode", unicode_name, "∂{0}/∂{1}", " ", " + ",
                     "Σ_{{{index}={lower}}}^{{{upper}}}", "Π_{{{index}={lower}}}^{{{upper}}} ",
                     ("(", ")"), lambda b: b.replace("-", "−"), _same),
    # Exactly SymPy's latex() of a product of Partial atoms.
    "latex": Style("latex", latex_name, "\\frac{{\\partial {0}}}{{\\partial {1}}}", " ", " + ",
                   "\\sum_{{{index}={lower}}}^{{{upper}}}",
                   "\\prod_{{{index}={lower}}}^{{{upper}}} ", ("\\left(", "\\right)"),
                   lambda b: b.replace("max(", "\\max(").replace("min(", "\\min("), _same),
}


def style(name: str) -> Style:
    """The row of STYLES called `name`, or a ValueError listing the styles."""
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown style {name!r}; choose one of: {', '.join(STYLES)}") from None


def prose(text: str, style_name: str) -> str:
    """Unicode prose as the style prints it (ASCII for "text").

    Example:
        >>> prose("‖∂s₂/∂s₁‖ ≤ γλ", "text")
        '||ds2/ds1|| <= gamma*lambda'
    """
    return STYLES[style_name].prose(text)


def typeset_factor(pair: tuple[str, str], style_name: str = "unicode") -> str:
    """One factor ∂num/∂den."""
    row = STYLES[style_name]
    return row.factor.format(row.name_of(pair[0]), row.name_of(pair[1]))


def typeset_term(pairs: Iterable[tuple[str, str]], style_name: str = "unicode") -> str:
    """One chain-rule product, its factors in order."""
    row = STYLES[style_name]
    return row.times.join(row.factor.format(row.name_of(n), row.name_of(d)) for n, d in pairs)


class FactorCache(dict):
    """Typeset factors, each computed once: a long derivation repeats the same few thousand.

    Example:
        >>> FactorCache("text")[("s_2", "s_1")]
        'ds2/ds1'
    """

    def __init__(self, style_name: str):
        super().__init__()
        self.style = STYLES[style_name]

    def __missing__(self, pair):
        text = self.style.factor.format(self.style.name_of(pair[0]), self.style.name_of(pair[1]))
        self[pair] = text
        return text
