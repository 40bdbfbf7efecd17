"""Rich rendering of an answer check and of a checked answer sheet."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rnnsym.render.text import printable

# How each verdict is shown: a table of styles, not an if-chain.
VERDICT_STYLES = {"correct": "bold green", "partial": "bold yellow", "incorrect": "bold red",
                  "invalid": "bold magenta"}


def _verdict(verdict: str) -> Text:
    return Text(verdict, style=VERDICT_STYLES.get(verdict, "bold"))


def variant_text(values: dict) -> str:
    """`input = 6, hidden = 3`: a variant's values on one line."""
    return ", ".join(f"{name} = {value}" for name, value in values.items())


def render_check(result, console: Console, variant: str | None = None) -> None:
    """Print a CheckResult as a small table with its feedback.

    Args:
        variant: which variant was checked, in words ("seed 3", "student ada (…)").
    """
    table = Table(title=Text(f"Check: {printable(result.problem, 60)}"), show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    if variant is not None:
        table.add_row("variant", Text(printable(f"{variant}: {variant_text(result.variant)}", 400)),
                      end_section=True)
    table.add_row("verdict", _verdict(result.verdict))
    table.add_row("score", f"{result.score:g} / {result.max_score:g}")
    if result.parsed is not None:
        table.add_row("read as", Text(result.parsed.unicode))
    # Answers and messages are text, not Rich markup: "[a, b]" must print as typed.
    for item in result.feedback:
        table.add_row(Text(item.category), Text(item.message))
    console.print(table)


def render_sheet(result, console: Console, variants: str | None = None) -> None:
    """Print a SheetResult: one row per answer (problem, verdict, score, feedback), then
    the total.

    Args:
        variants: whose variants were checked, in words ("student ada (course secret)").
    """
    title = Text(f"Answers of {printable(result.student, 60)}")
    caption = Text(printable(f"variants of {variants}", 200)) if variants else None
    table = Table(title=title, caption=caption, show_footer=True)
    table.add_column("problem", "total", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("score", f"{result.score:g} / {result.max_score:g}", justify="right",
                     no_wrap=True)
    table.add_column("feedback", overflow="fold")
    for row in result.results:
        feedback = Text("\n".join(f"{f.category}: {f.message}" for f in row.feedback))
        table.add_row(Text(printable(row.problem, 40)), _verdict(row.verdict),
                      f"{row.score:g} / {row.max_score:g}", feedback)
    console.print(table)
