"""Every kind's rendering fits in 80 columns and ends with the answer."""

import io

import pytest
from rich.console import Console

from rnnsym.render.solve import render
from rnnsym.solvers import solver
from rnnsym.solvers.forward import EXAMPLE
from rnnsym.solvers.params import NOTES_EXERCISE

CASES = {
    "params": lambda: solver("params")(**NOTES_EXERCISE),
    "dims": lambda: solver("dims")(3, 4, 2),
    "terms": lambda: solver("terms")(5, 2),
    "jacobian": lambda: solver("jacobian")("tanh", "[[1, 2], [3, 4]]", "[0, 1]"),
    "bound": lambda: solver("bound")("sigmoid", lam="3", lag=4),
    "clip": lambda: solver("clip")("[3, 4]", 1),
    "forward": lambda: solver("forward")(**EXAMPLE),
    "architecture": lambda: solver("architecture")("image captioning"),
    "bptt": lambda: solver("bptt")("W", 4),
}

ANSWERS = {"params": "n = 14", "dims": "U: 4 × 3", "terms": "W: 9", "jacobian": "[",
           "bound": "vanishing", "clip": "g = (3/5, 4/5)", "forward": "L = 1.28632",
           "architecture": "one-to-many", "bptt": "∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W + "}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_fits_80_columns_and_shows_the_answer(kind):
    console = Console(file=io.StringIO(), width=80)
    console.print(render(kind, CASES[kind](), note="a note"))
    text = console.file.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    answer = next(line for line in text.splitlines() if line.startswith("Answer: "))
    assert ANSWERS[kind] in answer
    assert "a note" in text


def test_params_table_shows_each_matrix():
    console = Console(file=io.StringIO(), width=80)
    console.print(render("params", CASES["params"]()))
    lines = console.file.getvalue().splitlines()
    assert lines[1].split() == ["U", "input", "→", "hidden", "n", "·", "n/2", "n²/2", "98"]
