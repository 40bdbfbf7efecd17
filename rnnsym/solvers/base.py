"""What every solver shares: the explanation step and the error for a bad problem.

Example:
    >>> Step("U has n·(n/2) weights").text
    'U has n·(n/2) weights'
"""

from __future__ import annotations

from dataclasses import dataclass


class SolveError(ValueError):
    """The problem's values cannot be read or make no sense; the message says which and why."""


@dataclass(frozen=True)
class Step:
    """One line of a worked solution, as a student should write it.

    Attributes:
        text: the step in plain Unicode (what the terminal shows).
        latex: the same step's mathematics in LaTeX, when it has any.
    """

    text: str
    latex: str | None = None

    def as_dict(self) -> dict:
        return {"text": self.text, "latex": self.latex}
