"""The normaliser and tokenizer: what characters become, and what is refused with which message."""

import pytest

from rnnsym.answers.lexer import tokenize
from rnnsym.answers.limits import AnswerError, Limits
from rnnsym.answers.normalize import normalize


@pytest.mark.parametrize(("typed", "normalised"), [
    ("∂L₄/∂y₄", "∂L_{4}/∂y_{4}"),
    ("s₁₂", "s_{12}"),
    ("∂sᵢ/∂sᵢ₋₁", "∂s_{i}/∂s_{i-1}"),
    ("x² + y³", "x^{2} + y^{3}"),
    ("Σₖ₌₁ᵗ", "Σ_{k=1}^{t}"),
    ("a − b", "a - b"),
    ("a · b ⋅ c", "a * b * c"),
    ("σ′(a)", "σ'(a)"),
    ("（１４，７）", "(14,7)"),  # full-width characters fold to ASCII
    ("k=1…4", "k=1..4"),
    ("½", "1/2"),  # NFKC writes it with a fraction slash
    ("∑ ∏", "Σ Π"),
    ("1\u200b4", "14"),  # a zero-width space changes nothing, so it is dropped
    ("  x\n", "x"),
])
def test_normalize_folds_what_students_type(typed, normalised):
    assert normalize(typed) == normalised


@pytest.mark.parametrize(("text", "category", "words"), [
    ("1\x002", "nul", "NUL character at position 1"),
    ("ab\u202ecd", "bidi_control", "(U+202E) at position 2"),
    ("\u2066x\u2069", "bidi_control", "U+2066"),
    ("x\u200f", "bidi_control", "U+200F"),
    ("\u061cx", "bidi_control", "U+061C"),
    ("x\x07", "control_character", "(U+0007) at position 1"),
    ("x\x1b[31m", "control_character", "U+001B"),
])
def test_hidden_characters_are_refused_with_their_own_message(text, category, words):
    with pytest.raises(AnswerError) as caught:
        normalize(text)
    assert caught.value.category == category
    assert words in caught.value.message


def test_answers_longer_than_the_limit_are_refused_before_and_after_nfkc():
    with pytest.raises(AnswerError, match="2,001 characters long; the limit is 2,000"):
        normalize("1" * 2001)
    # U+FDFA is one character that NFKC turns into eighteen.
    with pytest.raises(AnswerError) as caught:
        normalize("\ufdfa" * 200, Limits(max_length=1000))
    assert caught.value.category == "too_long"


def test_text_is_required():
    with pytest.raises(AnswerError, match="must be text, not bytes"):
        normalize(b"14")


def kinds(text):
    return [token.kind for token in tokenize(normalize(text))][:-1]


def names(text):
    return [token.value for token in tokenize(normalize(text)) if token.kind == "name"]


def test_letters_split_into_names_and_the_last_takes_the_subscript():
    assert names("nd") == [("n", None), ("d", None)]
    assert names("dL4") == [("d", None), ("L", "4")]
    assert names("L_4 L4 L_{4} s_{k-1} s_t W_hh") == [
        ("L", "4"), ("L", "4"), ("L", "4"), ("s", "k-1"), ("s", "t"), ("W", "hh")]


def test_words_and_symbols_become_their_tokens():
    assert kinds("sigma(a) σ(a) tanh(x) sum prod Σ Π ∂") == [
        "func", "(", "name", ")", "func", "(", "name", ")", "func", "(", "name", ")",
        "sum", "prod", "sum", "prod", "diff"]
    assert names("gamma λ") == [("gamma", None), ("lambda", None)]


def test_latex_commands_from_the_whitelist():
    assert kinds(r"\frac{\partial L}{\partial W}") == [
        "frac", "{", "diff", "name", "}", "{", "diff", "name", "}"]
    assert kinds(r"\left( a \cdot b \times c \right)") == ["(", "name", "*", "name", "×",
                                                          "name", ")"]
    assert [t.value for t in tokenize(r"\operatorname{diag}(x)")][0] == "diag"
    assert names(r"\mathbf{W}_{hh} \gamma") == [("W", "hh"), ("gamma", None)]


def test_numbers_and_operators():
    tokens = tokenize("2**3 1.5 .5 1e5 1..4")
    assert [(t.kind, t.text) for t in tokens][:-1] == [
        ("num", "2"), ("^", "**"), ("num", "3"), ("num", "1.5"), ("num", ".5"),
        ("num", "1e5"), ("num", "1"), ("..", ".."), ("num", "4")]


def test_unknown_characters_are_named_with_their_position():
    with pytest.raises(AnswerError) as caught:
        tokenize("x + § y")
    assert caught.value.message == "the character '§' (U+00A7) at position 4 is not understood"
    assert caught.value.position == 4


def test_unknown_latex_commands_are_named():
    with pytest.raises(AnswerError, match=r"the LaTeX command \\input at position 0"):
        tokenize(r"\input{/etc/passwd}")


def test_numbers_with_too_many_digits_are_refused():
    with pytest.raises(AnswerError, match="has 31 digits; the limit is 30") as caught:
        tokenize("1" * 31)
    assert caught.value.category == "number_too_long"
    with pytest.raises(AnswerError, match="exponent of 1e999 is too large") as caught:
        tokenize("1e999")
    assert caught.value.category == "exponent_too_large"


def test_latex_environments_and_max():
    kinds = [(t.kind, t.value) for t in tokenize(r"\begin{bmatrix} 1 & x \\ \end{bmatrix}")]
    assert kinds == [("begin", "bmatrix"), ("num", None), ("&", None), ("name", ("x", None)),
                     ("row", None), ("finish", "bmatrix"), ("end", None)]
    assert [t.value for t in tokenize(r"\max \min max min")[:4]] == ["max", "min", "max",
                                                                       "min"]
    with pytest.raises(AnswerError) as error:
        tokenize(r"\begin{tabular}")
    assert error.value.category == "unknown_environment" and "'tabular'" in error.value.message
