"""What every command shares: JSON output, errors to stderr, exit codes.

Exit codes: 0 success, 1 a check failed (gradient mismatch, wrong answer),
2 the input could not be read, 3 a usage error.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from typing import NoReturn

import typer
from typer.core import TyperGroup

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_USAGE = 3


def _plain(value):
    """Turn NumPy arrays and scalars, Fractions and SymPy objects into JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def to_json(obj) -> str:
    """One JSON object as text; NaN and infinities are refused rather than written invalidly."""
    return json.dumps(obj, default=_plain, ensure_ascii=False, allow_nan=False)


def emit_json(obj) -> None:
    """Print one JSON object on stdout and nothing else."""
    sys.stdout.write(to_json(obj) + "\n")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print a one-line error on stderr and exit with `code`."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code)


# click's UsageError, found through a public class so that both the click Typer vendors
# and a separately installed click work.
UsageError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class UsageGroup(TyperGroup):
    """A command group whose usage errors (unknown option, bad value) exit with EXIT_USAGE
    (3) instead of click's 2, which this program keeps for input it cannot read.

    On the root app it covers every command, since subcommands parse inside its invoke.
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as err:
            err.exit_code = EXIT_USAGE
            raise
