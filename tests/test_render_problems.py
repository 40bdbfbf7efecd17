import io

from rich.console import Console

from rnnsym.problems import load_bank
from rnnsym.render.problems import render_key, render_list, render_show, render_validation
from rnnsym.selftest import Failure

BANK = load_bank()


def _text(render) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render(console)
    text = console.file.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    return text


def test_list_and_show():
    text = _text(lambda c: render_list(list(BANK.values()), c))
    assert f"{len(BANK)} problems" in text and "params-161" in text
    text = _text(lambda c: render_show(BANK["clip"], None, "base values", c))
    assert "g = [3, 4]" in text  # a statement's brackets are text, not markup
    text = _text(lambda c: render_show(BANK["params-161"], None, "base values", c, True))
    assert "hint: Count U, W and V" in text and "2 points, answer: integer" in text


def test_key_and_validation():
    text = _text(lambda c: render_key("clip", "[3/5, 4/5]", "seed 1",
                                      {"gradient": "[3, 4]"}, c))
    assert "[3/5, 4/5]" in text and "seed 1: gradient = [3, 4]" in text
    failures = [Failure("p", None, "the key '7' is judged incorrect"),
                Failure("p", 4, "the wrong answer '27' is judged correct " + "x" * 60)]
    text = _text(lambda c: render_validation(1, (None, 0, 1), [], [], c))
    assert text == "1 problem, all valid; self-tests pass on the base values and seeds 0–1\n"
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render_validation(2, (None, 0), failures, ["g"], console)
    lines = console.file.getvalue().splitlines()
    assert lines[0].startswith("note: g: its key has no text form yet")
    assert lines[1] == "2 problems, valid; 2 self-tests fail (on the base values and seed 0):"
    # One failure per line, never wrapped, so that it can be grepped.
    assert lines[2:] == ["p (base values): the key '7' is judged incorrect",
                         "p (seed 4): the wrong answer '27' is judged correct " + "x" * 60]
