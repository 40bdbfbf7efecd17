"""Rich rendering of a grading summary (rnnsym.grading.summary): tables that fit 80 columns.

Students' answers are hostile text: they are shown as Text (never as markup), with control
and bidirectional characters written as escapes and long answers cut, so that an answer
cannot clear the terminal, reorder a line or widen a table.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from rnnsym.render.text import printable

# Status → (column heading, style): the distribution columns of the per-problem table.
STATUS_COLUMNS = {
    "correct": ("right", "green"),
    "partial": ("part", "yellow"),
    "incorrect": ("wrong", "red"),
    "invalid": ("unread", "magenta"),
    "missing": ("miss", "dim"),
    "timeout": ("t/o", "bold red"),
    "error": ("err", "bold red"),
}
SHOWN = 10  # unreadable answers listed before "… and N more"


def _score(value: float | None, max_score: float) -> str:
    return "–" if value is None else f"{value:.2f}/{max_score:g}"


def _totals(totals: dict) -> Text:
    overridden = totals.get("overridden", 0)
    return Text(f"{totals['students']} students, {totals['problems']} problems, "
                f"{totals['rows']} rows: {totals['answers']} answers, "
                f"{totals['missing']} missing; {totals['graded']} graded, "
                f"{totals['not_graded']} not graded (timeouts and errors)"
                + (f"; {overridden} scored by a grader." if overridden else "."))


def problems_table(summary: dict) -> Table:
    """Per problem: rows, mean score and the count of each status."""
    table = Table(title="Per problem", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("problem", no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("mean", justify="right")
    for heading, style in STATUS_COLUMNS.values():
        table.add_column(heading, justify="right", style=style)
    for item in summary["problems"]:
        counts = [str(item["statuses"][status]) for status in STATUS_COLUMNS]
        table.add_row(Text(item["problem"]), str(item["count"]),
                      _score(item["mean_score"], item["max_score"]), *counts)
    return table


def mistakes_table(summary: dict) -> Table:
    """The commonest feedback categories overall, and the problems they come from."""
    table = Table(title="Most common mistakes", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("category", overflow="fold")
    table.add_column("count", justify="right")
    table.add_column("most often in", overflow="fold")
    for mistake in summary["mistakes"]:
        where = [p["problem"] for p in summary["problems"]
                 if any(m["category"] == mistake["category"] for m in p["mistakes"])]
        table.add_row(Text(mistake["category"]), str(mistake["count"]),
                      Text(", ".join(where)))
    return table


def unreadable_table(summary: dict) -> Table:
    """The first unreadable answers, escaped and cut, with the reader's reason."""
    found = summary["unreadable"]
    more = len(found) - SHOWN
    caption = f"… and {more} more (all of them are in details.jsonl)" if more > 0 else None
    table = Table(title=f"Unreadable answers ({len(found)})", box=box.SIMPLE_HEAD,
                  pad_edge=False, caption=caption)
    table.add_column("problem", overflow="fold")
    table.add_column("student", overflow="fold")
    table.add_column("answer", no_wrap=True)
    table.add_column("why", overflow="fold")
    for item in found[:SHOWN]:
        table.add_row(Text(item["problem"]), Text(printable(item["student"], 16)),
                      Text(printable(item["answer"])), Text(printable(item["reason"], 60)))
    return table


def slowest_table(summary: dict) -> Table:
    """The slowest checks, in seconds."""
    table = Table(title="Slowest checks", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("student", overflow="fold")
    table.add_column("problem", overflow="fold")
    table.add_column("seconds", justify="right")
    for item in summary["slowest"]:
        table.add_row(Text(printable(item["student"], 24)), Text(item["problem"]),
                      f"{item['seconds']:.3f}")
    return table


def summary_view(summary: dict) -> Group:
    """The whole summary; sections with nothing to show are left out."""
    parts = [_totals(summary["totals"])]
    sections = (("problems", problems_table), ("mistakes", mistakes_table),
                ("unreadable", unreadable_table), ("slowest", slowest_table))
    parts.extend(render(summary) for key, render in sections if summary[key])
    return Group(*parts)


def render_summary(summary: dict, console: Console) -> None:
    """Print a grading summary (from rnnsym.grading.summary.summarize) on `console`."""
    console.print(summary_view(summary))
