"""The bounds on a student's answer, and the one error that reading an answer can raise.

Every bound has its own message, so that a student who hits one knows what to change.
Parsing and building stay inside these bounds, which is what makes them safe to run
in-process; only judging that may call SymPy's simplify needs the sandbox's deadline.

Example:
    >>> Limits().max_length
    2000
    >>> AnswerError("too_long", "the answer is too long").category
    'too_long'
"""

from __future__ import annotations

from dataclasses import dataclass

TIMEOUT_MESSAGE = "this answer could not be checked in time; write it in a simpler form"


@dataclass(frozen=True)
class Limits:
    """How large an answer may be, in each of the ways an answer can be large.

    Attributes:
        max_length: characters of the answer as typed.
        max_depth: nesting of brackets, powers, signs, functions and sums.
        max_digits: digits of one number as typed.
        max_exponent: |n| for a numeric exponent n.
        max_result_digits: digits of the value of a number raised to a power.
        max_root_digits: digits of a number whose root is taken (x^(1/3)).
        max_terms: terms after Σ/Π are expanded and products multiplied out.
        timeout: seconds for one check in the sandbox.
        max_entries: entries of one vector or matrix.
    """

    max_length: int = 2000
    max_depth: int = 50
    max_digits: int = 30
    max_exponent: int = 100
    max_result_digits: int = 1000
    max_root_digits: int = 50
    max_terms: int = 2000
    timeout: float = 2.0
    max_entries: int = 400


DEFAULT_LIMITS = Limits()


class AnswerError(ValueError):
    """The answer could not be read; the message says why, in words a student understands.

    Attributes:
        category: a short code for the reason ("too_long", "bad_character", "syntax", …).
        message: the sentence shown to the student.
        position: 0-based index into the normalised answer where the problem is, if known.
    """

    def __init__(self, category: str, message: str, position: int | None = None):
        super().__init__(message)
        self.category = category
        self.message = message
        self.position = position

    def __reduce__(self):
        # Keep the fields when the error crosses from the sandbox's worker to the parent.
        return (AnswerError, (self.category, self.message, self.position))
