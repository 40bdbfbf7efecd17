"""Tokens of a normalised answer: numbers, names, operators and the few LaTeX commands known.

A run of letters that is not a known word is a product of one-letter names (`nd` is n·d,
`dL` is d·L); digits or `_…` right after a letter are its subscript (`L4`, `L_4`, `s_{k-1}`).
The grammar recognises `d` followed by a name as a differential, so `dL4/dy4` and
`∂L₄/∂y₄` arrive at the grammar as the same shape of tokens. A LaTeX matrix
`\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}` becomes "begin", the entries separated
by "&" and "row", and "finish".

Example:
    >>> [t.kind for t in tokenize("dL4/dy4 * 2")]
    ['name', 'name', '/', 'name', 'name', '*', 'num', 'end']
    >>> tokenize("s_{k-1}")[0].value
    ('s', 'k-1')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits


@dataclass(frozen=True, slots=True)
class Token:
    """One token.

    Attributes:
        kind: "num", "name", "func", "sum", "prod", "frac", "diff", "end", "begin" and
            "finish" (a LaTeX environment's \\begin{…} and \\end{…}), "row" (LaTeX's \\\\),
            or the punctuation itself: "+", "-", "*", "/", "^", "×", "(", ")", "[", "]", "{",
            "}", ",", "=", "..", "_", "'", "&".
        text: the characters it was read from.
        pos: index of its first character in the normalised answer.
        end: index just past its last character.
        value: for "name", (base, subscript text or None); for "func", the function's name;
            for "begin" and "finish", the environment's name; otherwise None.
    """

    kind: str
    text: str
    pos: int
    end: int
    value: object = None


GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta",
         "θ": "theta", "λ": "lambda", "μ": "mu", "ρ": "rho", "τ": "tau", "φ": "phi",
         "ω": "omega", "π": "pi"}

# Whole words: the kind of token each becomes and its value.
WORDS = {
    **{w: ("name", w) for w in GREEK.values()},
    "transpose": ("name", "T"),  # W^transpose, and \top: the T of W^T
    "sigma": ("func", "sigma"), "sigmoid": ("func", "sigma"), "tanh": ("func", "tanh"),
    "exp": ("func", "exp"), "log": ("func", "log"), "ln": ("func", "log"),
    "sqrt": ("func", "sqrt"), "diag": ("func", "diag"), "softmax": ("func", "softmax"),
    "abs": ("func", "abs"), "max": ("func", "max"), "min": ("func", "min"),
    "sum": ("sum", None), "Sum": ("sum", None), "prod": ("prod", None),
    "Prod": ("prod", None), "product": ("prod", None), "Product": ("prod", None),
}

SYMBOLS = {
    **{c: ("name", n) for c, n in GREEK.items()},
    "σ": ("func", "sigma"), "Σ": ("sum", None), "Π": ("prod", None), "∂": ("diff", None),
    "⊤": ("name", "T"),
}

# LaTeX commands: the token each becomes; None to skip it; "word" to read {…} as a word.
LATEX = {
    "frac": "frac", "dfrac": "frac", "tfrac": "frac", "partial": "diff",
    "sum": "sum", "Sigma": "sum", "prod": "prod", "Pi": "prod",
    "cdot": "*", "ast": "*", "times": "×", "ldots": "..", "dots": "..", "cdots": "..",
    "top": "transpose", "intercal": "transpose",
    "left": None, "right": None, "limits": None, "displaystyle": None, "quad": None,
    "qquad": None, ",": None, ";": None, ":": None, "!": None, " ": None,
    "mathrm": "word", "text": "word", "operatorname": "word", "mathbf": "word",
    "boldsymbol": "word", "mathit": "word",
    "begin": "begin", "end": "finish", "\\": "row",
    **{w: w for w in ("sigma", "tanh", "exp", "log", "ln", "sqrt", "max", "min",
                      *GREEK.values())},
}

# The LaTeX environments an answer may use: matrices, with or without brackets around.
ENVIRONMENTS = frozenset({"bmatrix", "pmatrix", "matrix"})

PUNCTUATION = ("..", "**", "+", "-", "*", "/", "^", "×", "(", ")", "[", "]", "{", "}", ",",
               "=", "_", "'", "&")

_NUMBER = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")
_LETTERS = re.compile(r"[A-Za-z]+")
_SUBSCRIPT = re.compile(r"_\{([^{}]{1,40})\}|_([A-Za-z]+|\d+)|(\d+)")
_LATEX = re.compile(r"\\([A-Za-z]+|.)")
_WORD_GROUP = re.compile(r"\s*\{\s*([A-Za-z]{1,20})\s*\}")
_DOTS = re.compile(r"\.{2,3}")


def tokenize(text: str, limits: Limits = DEFAULT_LIMITS) -> list[Token]:
    """The tokens of a normalised answer, ending with an "end" token.

    Raises:
        AnswerError: a character or LaTeX command that is not understood, or a number with
            too many digits.
    """
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        i = _one(text, i, tokens, limits)
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens


def _one(text: str, i: int, out: list[Token], limits: Limits) -> int:
    """Append the token(s) starting at i and return the index after them."""
    char = text[i]
    if match := _DOTS.match(text, i):
        out.append(Token("..", match.group(), i, match.end()))
        return match.end()
    if match := _NUMBER.match(text, i):
        out.append(_number(match, limits))
        return match.end()
    if match := _LETTERS.match(text, i):
        return _letters(text, match, out)
    if char in SYMBOLS:
        kind, value = SYMBOLS[char]
        return _emit_word(text, kind, value, char, i, i + 1, out)
    if char == "\\":
        return _latex(text, i, out)
    for punct in PUNCTUATION:
        if text.startswith(punct, i):
            kind = "^" if punct == "**" else punct
            out.append(Token(kind, punct, i, i + len(punct)))
            return i + len(punct)
    raise AnswerError(
        "bad_character",
        f"the character {char!r} (U+{ord(char):04X}) at position {i} is not understood", i)


def _number(match: re.Match, limits: Limits) -> Token:
    mantissa, _, exponent = match.group().lower().partition("e")
    digits = sum(c.isdigit() for c in mantissa)
    if digits > limits.max_digits:
        raise AnswerError(
            "number_too_long",
            f"the number {match.group()[:12]}… has {digits} digits; the limit is "
            f"{limits.max_digits}", match.start())
    if exponent and abs(int(exponent)) > limits.max_exponent:
        raise AnswerError(
            "exponent_too_large",
            f"the exponent of {match.group()} is too large; the limit is "
            f"±{limits.max_exponent}", match.start())
    return Token("num", match.group(), match.start(), match.end())


def _letters(text: str, match: re.Match, out: list[Token]) -> int:
    return _word(text, match.group(), match.start(), match.end(), out)


def _word(text: str, word: str, start: int, after: int, out: list[Token]) -> int:
    """A known word, or a product of one-letter names; the last one takes the subscript
    that starts at `after`."""
    if word in WORDS:
        kind, value = WORDS[word]
        return _emit_word(text, kind, value, word, start, after, out)
    for offset, letter in enumerate(word[:-1]):
        out.append(Token("name", letter, start + offset, start + offset + 1, (letter, None)))
    return _emit_word(text, "name", word[-1], word[-1], start + len(word) - 1, after, out)


def _emit_word(text, kind, value, word, start, after, out) -> int:
    """Emit a word's token; a name takes the subscript that starts at `after`."""
    if kind != "name":
        out.append(Token(kind, word, start, after, value))
        return after
    sub = _SUBSCRIPT.match(text, after)
    subscript = next((g for g in sub.groups() if g is not None), None) if sub else None
    stop = sub.end() if sub else after
    out.append(Token("name", text[start:stop], start, stop, (value, subscript)))
    return stop


def _latex(text: str, i: int, out: list[Token]) -> int:
    match = _LATEX.match(text, i)
    command = match.group(1) if match else ""
    if command not in LATEX:
        raise AnswerError(
            "unknown_command",
            f"the LaTeX command \\{command} at position {i} is not understood", i)
    meaning, end = LATEX[command], match.end()
    if meaning is None:
        return end
    if meaning == "word":
        group = _WORD_GROUP.match(text, end)
        if not group:
            raise AnswerError("syntax", f"\\{command} at position {i} needs {{a word}}", i)
        return _word(text, group.group(1), group.start(1), group.end(), out)
    if meaning in ("begin", "finish"):
        return _environment(text, meaning, command, i, end, out)
    if meaning in WORDS:
        kind, value = WORDS[meaning]
        return _emit_word(text, kind, value, match.group(), i, end, out)
    out.append(Token(meaning, match.group(), i, end))
    return end


def _environment(text: str, kind: str, command: str, i: int, end: int, out: list) -> int:
    """\\begin{name} or \\end{name}, for a name of ENVIRONMENTS."""
    group = _WORD_GROUP.match(text, end)
    if not group:
        raise AnswerError("syntax", f"\\{command} at position {i} needs {{an environment}}, "
                          f"as in \\{command}{{bmatrix}}", i)
    name = group.group(1)
    if name not in ENVIRONMENTS:
        raise AnswerError(
            "unknown_environment", f"the LaTeX environment {name!r} at position {i} is not "
            f"understood; use one of: {', '.join(sorted(ENVIRONMENTS))}", i)
    out.append(Token(kind, text[i:group.end()], i, group.end(), name))
    return group.end()
