"""The command line: one Typer app, every command wired here and nowhere else.

Command modules import NumPy and SymPy inside their functions, so `rnnsym --help`
starts without loading either.
"""

from __future__ import annotations

import typer

from rnnsym.cli import check, derive, grade, numeric, problems, solve
from rnnsym.cli._common import UsageGroup

app = typer.Typer(
    name="rnnsym",
    cls=UsageGroup,  # every usage error of every command exits 3
    help="Derive, compute, solve and grade the vanilla RNN unit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

app.command("derive")(derive.derive)
# numeric.Command: a bad option value is one line on stderr and exit 3, as other usage errors.
app.command("run", cls=numeric.Command)(numeric.run)
app.command("gradcheck", cls=numeric.Command)(numeric.gradcheck)
app.command("vanish", cls=numeric.Command)(numeric.vanish)
app.add_typer(solve.app, name="solve")
app.command("check")(check.check)
app.command("grade")(grade.grade)
app.add_typer(problems.app, name="problems")


def main() -> None:
    """Entry point of the `rnnsym` console script."""
    app()
