"""What each student sees: a Markdown page with every problem, their answer as typed and as
read, the verdict, the score and the feedback.

A student's text is shown inside code fences longer than any run of backticks in it, so
nothing they typed is rendered as Markdown or HTML.

Example:
    >>> row = {"student": "ada", "problem": "gamma", "answer": "1/4", "parsed": "1/4",
    ...        "status": "correct", "score": 1.0, "max_score": 1.0, "feedback": []}
    >>> "**correct**, 1 / 1" in student_feedback("ada", [row], {"gamma": "γ"})
    True
"""

from __future__ import annotations

import re

from rnnsym.grading.outputs import number

STATUS_TEXT = {
    "correct": "correct", "partial": "partly correct", "incorrect": "incorrect",
    "invalid": "could not be read", "missing": "no answer", "timeout":
    "could not be checked in time (not counted against you; a grader will look at it)",
    "error": "could not be graded (not counted against you; a grader will look at it)",
}


def fenced(text: str) -> str:
    """Text in a code fence that nothing inside it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _plain(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _problem(row: dict, title: str) -> list[str]:
    lines = [f"## {_plain(row['problem'])}" + (f" — {_plain(title)}" if title else ""), ""]
    lines += ["Your answer:", "", fenced(row["answer"]) if row["answer"] is not None
              else "(none)", ""]
    if row.get("parsed") is not None and row["parsed"] != row["answer"]:
        lines += ["Read as:", "", fenced(row["parsed"]), ""]
    status = STATUS_TEXT.get(row["status"], row["status"])
    lines += [f"Verdict: **{status}**, {number(row['score'])} / {number(row['max_score'])}",
              ""]
    lines += [f"- {_plain(f['message'])} ({f['category']})" for f in row["feedback"]]
    if "override" in row:
        reason = row["override"]["reason"] or "no reason given"
        lines.append(f"- Score set by a grader: {_plain(reason)}")
    return [*lines, ""] if lines[-1] else lines


def student_feedback(student: str, rows: list[dict], titles: dict[str, str]) -> str:
    """The Markdown feedback page of one student (rows: that student's detail rows)."""
    rows = sorted(rows, key=lambda r: r["problem"])
    total = sum(r["score"] for r in rows)
    best = sum(r["max_score"] for r in rows)
    lines = [f"# Feedback: {_plain(student)}", "",
             f"Total: {number(total)} / {number(best)}", ""]
    for row in rows:
        lines += _problem(row, titles.get(row["problem"], ""))
    return "\n".join(lines).rstrip("\n") + "\n"
