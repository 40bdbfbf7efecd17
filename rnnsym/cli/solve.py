"""`rnnsym solve KIND`: one command per exercise kind of the unit."""

from __future__ import annotations

import typer

app = typer.Typer(help="Solve an exercise of the RNN unit, step by step.", no_args_is_help=True)
