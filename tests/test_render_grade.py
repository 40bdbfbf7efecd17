"""The grading summary at 80 columns, with hostile answers shown as inert text."""

import io

from rich.cells import cell_len
from rich.console import Console

from rnnsym.render.grade import render_summary
from rnnsym.render.text import printable


def render(summary, width=80):
    console = Console(file=io.StringIO(), width=width, highlight=False)
    render_summary(summary, console)
    return console.file.getvalue().splitlines()


def problem(name, count, mean, max_score, **statuses):
    counts = {s: 0 for s in ("correct", "partial", "incorrect", "invalid", "missing",
                             "timeout", "error")}
    return {"problem": name, "count": count, "mean_score": mean, "max_score": max_score,
            "statuses": {**counts, **statuses}, "mistakes": []}


TOTALS = {"students": 3, "problems": 2, "rows": 6, "answers": 5, "missing": 1, "graded": 4,
          "not_graded": 1}
SUMMARY = {
    "totals": TOTALS,
    "problems": [problem("bptt-general", 3, 1 / 3, 1, correct=1, incorrect=1, missing=1),
                 {**problem("params-161", 3, 1.25, 2, correct=1, partial=1, timeout=1),
                  "mistakes": [{"category": "counted_biases", "count": 1}]}],
    "mistakes": [{"category": "counted_biases", "count": 1}],
    "unreadable": [{"student": "bob", "problem": "params-161",
                    "answer": "[bold]14[/bold]\x1b[2J\u202e", "reason": "Not closed."}],
    "slowest": [{"student": "cy", "problem": "params-161", "seconds": 5.0}],
}


def test_everything_fits_80_columns():
    lines = render(SUMMARY)
    assert max(cell_len(line) for line in lines) <= 80


def test_per_problem_rows():
    lines = render(SUMMARY)
    header = next(line for line in lines if "problem" in line and "mean" in line)
    assert header.split() == ["problem", "n", "mean", "right", "part", "wrong", "unread",
                              "miss", "t/o", "err"]
    table = lines[lines.index(header) + 2:lines.index(header) + 4]  # under the rule
    rows = {line.split()[0]: line.split()[1:] for line in table}
    assert rows["bptt-general"][:9] == ["3", "0.33/1", "1", "0", "1", "0", "1", "0", "0"]
    assert rows["params-161"][:9] == ["3", "1.25/2", "1", "1", "0", "0", "0", "1", "0"]


def test_totals_mistakes_and_slowest():
    text = "\n".join(render(SUMMARY))
    assert "3 students, 2 problems, 6 rows: 5 answers, 1 missing; 4 graded" in text
    mistake = next(line for line in text.splitlines() if "counted_biases" in line
                   and "1" in line and "params-161" in line)
    assert mistake.split() == ["counted_biases", "1", "params-161"]
    assert any(line.split() == ["cy", "params-161", "5.000"] for line in text.splitlines())


def test_hostile_answers_are_shown_inert():
    text = "\n".join(render(SUMMARY))
    assert "[bold]14[/bold]" in text  # markup shown, not applied
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b" in text


def test_long_lists_are_cut_with_a_count():
    many = [{"student": f"s{i:02d}", "problem": "gamma", "answer": "((", "reason": "open"}
            for i in range(13)]
    text = "\n".join(render({**SUMMARY, "unreadable": many}))
    assert "Unreadable answers (13)" in text and "… and 3 more" in text
    assert "s09" in text and "s10" not in text


def test_an_empty_summary_is_the_totals_only():
    empty = {"totals": {k: 0 for k in TOTALS}, "problems": [], "mistakes": [],
             "unreadable": [], "slowest": []}
    assert [line.rstrip() for line in render(empty)] == [
        "0 students, 0 problems, 0 rows: 0 answers, 0 missing; 0 graded, 0 not graded",
        "(timeouts and errors)."]


def test_printable_escapes_and_cuts():
    assert printable("a\x00b\tc") == "a\\x00b\\x09c"
    assert printable("\u202eabc") == "\\u202eabc"
    assert printable("é∂s₃/∂s₂") == "é∂s₃/∂s₂"  # printable Unicode stays
    assert printable("abcdefghij", limit=5) == "abcd…"


def test_overridden_rows_are_counted_in_the_totals():
    text = " ".join(render({**SUMMARY, "totals": {**TOTALS, "overridden": 2}}))
    assert "not graded (timeouts and errors); 2 scored by a grader." in " ".join(text.split())
