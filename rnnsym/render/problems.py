"""Rich rendering of the problem bank: the list, one problem's statement, its key.

Statements, hints and keys are shown as text, never read as Rich markup, so a statement
such as "g = [a, b]" prints as written.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rnnsym.render.check import variant_text


def render_list(problems, console: Console) -> None:
    """Print the bank as a table: id, answer type, points, title."""
    table = Table(title=_count(len(problems), "problem"))
    table.add_column("id", no_wrap=True)
    table.add_column("answer", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("title", overflow="fold")
    for problem in problems:
        table.add_row(Text(problem.id), problem.answer, f"{problem.points:g}",
                      Text(problem.title))
    console.print(table)


def render_show(problem, seed, variant: str, console: Console, hints: bool = False) -> None:
    """Print a problem's statement for a variant, with its hints when asked.

    Args:
        variant: which variant, in words ("base values", "seed 3", …).
        hints: print the hints; otherwise only say how many there are.
    """
    parts = [Text(problem.text(seed)), Text("")]
    parts.append(Text(f"{variant}: {variant_text(problem.variant(seed))}", style="dim"))
    parts.append(Text(f"{problem.points:g} point{'s' * (problem.points != 1)}, "
                      f"answer: {problem.answer}", style="dim"))
    if hints:
        parts.extend(Text(f"hint: {hint}", style="italic") for hint in problem.hints)
    elif problem.hints:
        count = len(problem.hints)
        parts.append(Text(f"{count} hint{'s' * (count != 1)}: add --hints to see "
                          f"{'them' if count != 1 else 'it'}", style="dim"))
    console.print(Panel(Group(*parts), title=Text(f"{problem.id}: {problem.title}"),
                        title_align="left"))


def render_key(problem_id: str, key: str, variant: str, values: dict,
               console: Console) -> None:
    """Print a key as a student would type it, and the variant it belongs to."""
    table = Table(title=Text(f"Key: {problem_id}"), show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("key", Text(key))
    table.add_row("variant", Text(f"{variant}: {variant_text(values)}"))
    console.print(table)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def render_validation(count: int, seeds: tuple, failures, untested, console: Console) -> None:
    """Print a bank's validation: a summary line, then one line per failed self-test."""
    count_seeds = len(seeds) - 1  # after None, the base values
    tried = "the base values" + {0: "", 1: " and seed 0"}.get(
        count_seeds, f" and seeds 0–{count_seeds - 1}")
    for problem_id in untested:
        console.print(Text(f"note: {problem_id}: its key has no text form yet; only its "
                           "wrong answers are self-tested", style="dim"))
    if not failures:
        console.print(Text(f"{_count(count, 'problem')}, all valid; self-tests pass on "
                           f"{tried}"))
        return
    fails = "1 self-test fails" if len(failures) == 1 else f"{len(failures)} self-tests fail"
    console.print(Text(f"{_count(count, 'problem')}, valid; {fails} (on {tried}):"))
    for failure in failures:
        where = "base values" if failure.seed is None else f"seed {failure.seed}"
        console.print(Text(f"{failure.problem} ({where}): {failure.what}"), soft_wrap=True)
