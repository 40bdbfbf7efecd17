"""Rich rendering of an answer check."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def render_check(result, console: Console) -> None:
    """Print a CheckResult as a small table with its feedback."""
    table = Table(title=f"Check: {result.problem}", show_header=False)
    table.add_row("verdict", result.verdict)
    table.add_row("score", f"{result.score:g} / {result.max_score:g}")
    if result.parsed is not None:
        table.add_row("read as", result.parsed.unicode)
    for item in result.feedback:
        table.add_row(item.category, item.message)
    console.print(table)
