"""A grader's manual decisions: a CSV of student, problem, score, reason, applied last.

Overrides given with `--overrides FILE` are merged into OUT/overrides.csv (a later file's
decision for the same pair replaces an earlier one), and every run applies the stored ones,
so a re-run never undoes a grader's decision. An overridden row keeps the checker's status
and gains an "override" entry: {"score", "reason", "was"} (the checker's score).

Example:
    >>> rules = read_overrides_text("student,problem,score,reason\\nada,gamma,1,ok\\n", "o.csv")
    >>> apply_override({"score": 0.0}, rules["ada", "gamma"])
    {'score': 1.0, 'override': {'score': 1.0, 'reason': 'ok', 'was': 0.0}}
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from rnnsym.grading.inputs import InputError, read_text

COLUMNS = ("student", "problem", "score", "reason")


@dataclass(frozen=True)
class Override:
    """One manual decision: the score a grader gives, and why."""

    student: str
    problem: str
    score: float
    reason: str


def _score(text: str, where: str) -> float:
    try:
        score = float(text)
    except ValueError:
        raise InputError(f"{where}: score {text!r} is not a number") from None
    if not math.isfinite(score) or score < 0:
        raise InputError(f"{where}: score {text!r} should be a finite number ≥ 0")
    return score


def read_overrides_text(text: str, name: str) -> dict[tuple[str, str], Override]:
    """Read overrides from CSV text (header names in any case; the last row of a pair counts).

    Raises:
        InputError: a missing column or a score that is not a number ≥ 0.
    """
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    for column in COLUMNS[:3]:
        if column not in header:
            raise InputError(f"{name}: no '{column}' column; overrides have "
                             f"{', '.join(COLUMNS)}")
    index = {c: header.index(c) for c in COLUMNS if c in header}
    rules = {}
    for number, row in enumerate(rows[1:], start=2):
        cell = dict(enumerate(row)).get
        student, problem = (cell(index["student"]) or "").strip(), (
            cell(index["problem"]) or "").strip()
        if not (student or problem):
            continue
        where = f"{name} line {number}"
        if not (student and problem):
            raise InputError(f"{where}: both student and problem are needed")
        reason = (cell(index["reason"]) or "").strip() if "reason" in index else ""
        score = _score((cell(index["score"]) or "").strip(), where)
        rules[student, problem] = Override(student, problem, score, reason)
    return rules


def read_overrides(path: str | Path) -> dict[tuple[str, str], Override]:
    """Read an overrides file (UTF-8 CSV). Raises InputError."""
    path = Path(path)
    return read_overrides_text(read_text(path), path.name)


def overrides_csv(rules: dict[tuple[str, str], Override]) -> str:
    """The overrides as CSV text, sorted by student and problem."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for key in sorted(rules):
        rule = rules[key]
        writer.writerow([rule.student, rule.problem, repr(rule.score), rule.reason])
    return out.getvalue()


def apply_override(row: dict, rule: Override) -> dict:
    """A copy of the row with the grader's score, recording the checker's score as "was"."""
    was = row["override"]["was"] if "override" in row else row["score"]
    return {**row, "score": rule.score,
            "override": {"score": rule.score, "reason": rule.reason, "was": was}}
