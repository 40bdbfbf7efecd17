"""Which (student, problem) pairs a run grades, and the rows of pairs nothing can grade.

The problems each student should answer are the assignment's (or `--problems`), else every
problem of the bank that appears anywhere in the submissions. Every student gets a pair for
each of them: an empty answer is "missing". An answer to a problem outside that set is the
student's mistake (a mistyped id, an unassigned problem): it gets a row of its own with
status "invalid" (category unknown_problem or not_assigned) worth 0 of 0 points, so it is
shown to the student and not lost. A wide CSV's columns are the export's, not a student's:
a column that is not a problem is left out, with a warning. A student whose sheet could not
be read gets an "invalid" row (category unreadable_sheet) for every problem.

Example:
    >>> from rnnsym.grading.inputs import Submissions
    >>> from rnnsym.problems import load_bank
    >>> plan = make_plan(Submissions({"ada": {"gamma": "1/4"}}, "sheet"), load_bank())
    >>> [(p.student, p.problem, p.why) for p in plan.pairs]
    [('ada', 'gamma', 'grade')]
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnsym.grading.engine import unjudged
from rnnsym.grading.inputs import Submissions

# Why a pair is not graded → (status, feedback category, message for the student).
FIXED = {
    "missing": ("missing", None, ""),
    "unknown": ("invalid", "unknown_problem",
                "There is no problem {problem!r}: this answer was not graded. Check the "
                "problem's id."),
    "not_assigned": ("invalid", "not_assigned",
                     "Problem {problem!r} is not part of this assignment: this answer was "
                     "not graded."),
    "unreadable": ("invalid", "unreadable_sheet", "{reason}"),
}


class UnknownProblems(ValueError):
    """The problems asked for cannot be graded: unknown to the bank, or given by both
    --problems and --assignment (a usage error)."""


@dataclass(frozen=True)
class Pair:
    """One (student, problem): the answer as typed (None: none), why it is in the run
    ("grade", or a key of FIXED) and, for an unreadable sheet, the reason."""

    student: str
    problem: str
    answer: str | None
    why: str
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """Attributes: problems (the graded set, in order), points (id → points), pairs (sorted
    by student), warnings (sentences for the grader)."""

    problems: tuple[str, ...]
    points: dict[str, float]
    pairs: tuple[Pair, ...]
    warnings: tuple[str, ...]


def _listed(items, limit: int = 5) -> str:
    items = list(items)
    more = f", … ({len(items)} in all)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _warnings(submissions: Submissions, ignored: set[str], unknown: set[str]) -> list[str]:
    notes = [f"{problem}: not a problem of the bank; column left out" for problem in
             sorted(ignored)]
    if unknown:
        notes.append("answers to unknown problems (recorded as invalid): "
                     f"{_listed(sorted(unknown))}")
    if submissions.duplicates:
        pairs = [f"{s}/{p}" for s, p in submissions.duplicates]
        notes.append(f"given more than once (the last one counts): {_listed(pairs)}")
    notes += [f"skipped {line}" for line in submissions.skipped]
    notes += [f"unreadable sheet: {reason}" for reason in submissions.unreadable.values()]
    return notes


def make_plan(submissions: Submissions, bank: dict, problems=None, points=None) -> Plan:
    """The pairs of a run (see the module docstring).

    Args:
        problems: the ids each student should answer, in order; None for every bank problem
            appearing in the submissions.
        points: id → points, overriding the bank's.

    Raises:
        UnknownProblems: `problems` names a problem the bank does not have.
    """
    if problems is not None:
        unknown = [p for p in problems if p not in bank]
        if unknown:
            raise UnknownProblems(f"no problem {', '.join(map(repr, unknown))} in the bank; "
                                  f"choose from: {', '.join(bank)}")
    chosen = tuple(problems) if problems is not None else tuple(
        p for p in submissions.problem_ids() if p in bank)
    wide = submissions.form == "wide"
    pairs, ignored, unknown = [], set(), set()
    for student in sorted(submissions.answers):
        answers = submissions.answers[student]
        reason = submissions.unreadable.get(student)
        for problem in chosen:
            answer = answers.get(problem)
            why = "unreadable" if reason else "grade" if answer is not None else "missing"
            pairs.append(Pair(student, problem, answer, why, reason or ""))
        for problem in sorted(set(answers) - set(chosen)):
            if problem in bank or not wide:
                if answers[problem] is not None:
                    why = "not_assigned" if problem in bank else "unknown"
                    pairs.append(Pair(student, problem, answers[problem], why))
                    unknown |= {problem} if why == "unknown" else set()
            else:
                ignored.add(problem)
    points = {p: float(bank[p].points) for p in chosen} | {
        p: float(v) for p, v in (points or {}).items() if p in chosen}
    return Plan(chosen, points, tuple(pairs),
                tuple(_warnings(submissions, ignored, unknown)))


def fixed_result(pair: Pair) -> dict:
    """The result of a pair that is not graded (missing, unknown, unreadable)."""
    status, category, message = FIXED[pair.why]
    feedback = [{"category": category, "message": message.format(problem=pair.problem,
                                                                 reason=pair.note)}]
    return unjudged(status, feedback if category else [])
