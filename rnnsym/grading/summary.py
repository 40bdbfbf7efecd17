"""The summary of a graded class, as plain data: what a teaching assistant reads first.

Per problem: how many rows, the mean score, how the statuses are spread and the most
common mistakes (the feedback categories of answers that were not correct). Overall: the
most common mistakes, the answers rnnsym could not read, the slowest checks and the totals.

Rows are the detail rows of rnnsym.grading (one per student and problem); timings are
{"student", "problem", "seconds"}. Everything is sorted, so the same rows give the same
summary. A timeout or an error is no judgement of the answer: such rows are counted as
"not graded" and left out of the means, unless a grader's override scored them (a row
with an "override" entry counts as graded, with the grader's score).

Example:
    >>> rows = [{"student": "ada", "problem": "gamma", "status": "correct", "score": 1.0,
    ...          "max_score": 1.0, "feedback": [], "answer": "1/4"}]
    >>> s = summarize(rows)
    >>> s["totals"]["graded"], s["problems"][0]["mean_score"]
    (1, 1.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from rnnsym.grading.engine import STATUSES, UNGRADED


def _graded(row: Mapping) -> bool:
    """Whether the row's score is a mark: judged by rnnsym, missing, or set by a grader."""
    return row["status"] not in UNGRADED or bool(row.get("override"))


def _mistakes(rows: Iterable[Mapping], top: int) -> list[dict]:
    """The feedback categories of the answers that were not correct, most common first."""
    counts = Counter(item["category"] for row in rows if row["status"] != "correct"
                     for item in row.get("feedback") or ())
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return [{"category": category, "count": n} for category, n in ranked[:top]]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 6) if values else None


def _problem(problem: str, rows: list[Mapping], top: int) -> dict:
    counted = [row for row in rows if _graded(row)]
    statuses = Counter(row["status"] for row in rows)
    return {"problem": problem, "count": len(rows),
            "max_score": max(float(row["max_score"]) for row in rows),
            "mean_score": _mean([float(row["score"]) for row in counted]),
            "statuses": {status: statuses.get(status, 0) for status in STATUSES},
            "mistakes": _mistakes(rows, top)}


def _unreadable(rows: Iterable[Mapping]) -> list[dict]:
    found = [{"student": row["student"], "problem": row["problem"],
              "answer": row.get("answer") or "",
              "reason": (row.get("feedback") or [{"message": ""}])[0]["message"]}
             for row in rows if row["status"] == "invalid"]
    return sorted(found, key=lambda item: (item["problem"], item["student"]))


def _slowest(timings: Iterable[Mapping], top: int) -> list[dict]:
    ranked = sorted(timings, key=lambda t: (-float(t["seconds"]), t["student"], t["problem"]))
    return [{"student": t["student"], "problem": t["problem"],
             "seconds": float(t["seconds"])} for t in ranked[:top]]


def _totals(rows: list[Mapping]) -> dict:
    statuses = Counter(row["status"] for row in rows)
    overridden = sum(bool(row.get("override")) for row in rows)
    left = sum(not _graded(row) for row in rows)
    return {"students": len({row["student"] for row in rows}),
            "problems": len({row["problem"] for row in rows}),
            "rows": len(rows),
            "answers": len(rows) - statuses["missing"],
            "missing": statuses["missing"],
            "graded": len(rows) - statuses["missing"] - left,
            "not_graded": left,
            "overridden": overridden}


def summarize(rows: Iterable[Mapping], timings: Iterable[Mapping] = (), *,
              top: int = 5) -> dict:
    """Summarize a graded class (see the module docstring).

    Args:
        rows: detail rows, one per (student, problem).
        timings: seconds per check; the `top` slowest are listed.
        top: how many mistakes and slow checks to list (per problem: the 3 commonest).

    Returns:
        {"totals": {students, problems, rows, answers, missing, graded, not_graded,
        overridden},
        "problems": [{problem, count, max_score, mean_score, statuses, mistakes}, …] by id,
        "mistakes": [{category, count}, …], "unreadable": [{student, problem, answer,
        reason}, …], "slowest": [{student, problem, seconds}, …]}. A mean is None when
        no row of the problem was graded.

    Example:
        >>> summarize([])["totals"]["students"]
        0
    """
    rows = list(rows)
    by_problem: dict[str, list[Mapping]] = {}
    for row in rows:
        by_problem.setdefault(row["problem"], []).append(row)
    return {"totals": _totals(rows),
            "problems": [_problem(p, by_problem[p], min(top, 3)) for p in sorted(by_problem)],
            "mistakes": _mistakes(rows, top),
            "unreadable": _unreadable(rows),
            "slowest": _slowest(timings, top)}
