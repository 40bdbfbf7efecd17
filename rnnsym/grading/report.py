"""The summary and the Gradescope results of a run, through one seam.

The summary (grading.summary.summarize) and the Gradescope results.json
(grading.gradescope.gradescope_results) have modules of their own; they are imported when
first needed, and while one is absent a minimal stand-in of the same shape is used, so that
grading never depends on the reports to finish.

Example:
    >>> summarize([{"status": "correct", "score": 1.0, "max_score": 1.0}], [])["answers"]
    1
"""

from __future__ import annotations


def summarize(rows: list[dict], timings: list[dict]) -> dict:
    """The run's summary: per-problem statistics, common mistakes, slowest checks."""
    try:
        from rnnsym.grading.summary import summarize as full
    except ImportError:
        statuses: dict[str, int] = {}
        for row in rows:
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        return {"answers": len(rows), "students": len({r.get("student") for r in rows}),
                "statuses": dict(sorted(statuses.items()))}
    return full(rows, timings)


def gradescope_results(rows: list[dict], *, error: str | None = None) -> dict:
    """One student's Gradescope results.json (score, output, tests) from their rows."""
    try:
        from rnnsym.grading.gradescope import gradescope_results as full
    except ImportError:
        tests = [{"name": r["problem"], "score": r["score"], "max_score": r["max_score"],
                  "status": "passed" if r["status"] == "correct" else "failed",
                  "output": "\n".join(f["message"] for f in r["feedback"]),
                  "visibility": "visible"} for r in sorted(rows, key=lambda r: r["problem"])]
        return {"score": sum(r["score"] for r in rows), "output": error or "",
                "tests": tests}
    return full(rows, error=error)
