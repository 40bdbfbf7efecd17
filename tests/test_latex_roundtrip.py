"""derive's LaTeX read back by the answer reader (the notation parser students' answers go
through): the general Σ/Π line and every expanded line give the derivation's own terms."""

import pytest

from rnnsym.answers import parse
from rnnsym.derivation import derive


def _rhs_lines(block: str) -> list[str]:
    """The right-hand sides of an aligned block: the text after each `&=` or `&\\quad +`."""
    body = block.removeprefix("\\begin{aligned}").removesuffix("\\end{aligned}").strip()
    sides, current = [], None
    for line in body.split("\\\\"):
        line = line.strip()
        if "&=" in line:
            if current is not None:
                sides.append(current)
            current = line.split("&=", 1)[1]
        elif line.startswith("&\\quad"):
            current += line.removeprefix("&\\quad")
    sides.append(current)
    return sides


@pytest.mark.parametrize(
    ("param", "options"),
    [
        ("W", {"steps": 4}),
        ("W", {"steps": 4, "loss_at": 4}),
        ("U", {"steps": 3, "truncate": 2}),
        ("b", {"steps": 3, "architecture": "many-to-one"}),
        ("V", {"steps": 4}),
        ("s0", {"steps": 3}),
    ],
)
def test_every_line_of_the_latex_reads_back_to_the_same_terms(param, options):
    derivation = derive(param, **options)
    sides = _rhs_lines(derivation.to_latex())
    assert len(sides) == 2  # the general formula, then its expansion
    # The general line keeps T and K as letters; the reader fills them in as numbers.
    env = {"T": derivation.steps, "K": options.get("truncate", derivation.steps)}
    # The answer reader has no max(·,·) yet, which the truncated general line uses.
    readable = sides[1:] if "truncate" in options else sides
    for side in readable:
        assert parse(side, env=env) == derivation.expr


def test_a_wrong_line_does_not_read_back_to_the_terms():
    derivation = derive("W", steps=3)
    expansion = _rhs_lines(derivation.to_latex())[1]
    dropped = expansion.rsplit("+", 1)[0]  # the last term removed
    assert parse(dropped) != derivation.expr
