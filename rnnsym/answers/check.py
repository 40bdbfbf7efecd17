"""One entry point for grading: which judge reads each kind of answer, and where it runs.

Each kind names its judge and a test of whether an answer can be judged in-process: reading
is bounded by the limits, and so is judging exact numbers, chain-rule sums, choices and
integer shapes. An answer that may need simplify or high-precision evaluation (an
expression, an irrational number, a matrix of expressions) is judged in the sandbox, whose
deadline also stops a computation stuck in C.

Example:
    >>> check("integer", "n = 14", 14, name="n").verdict
    'correct'
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from dataclasses import dataclass

from sympy import Eq, Expr
from sympy.matrices import MatrixBase

from rnnsym.answers.chains import judge_chain
from rnnsym.answers.choices import judge_choice
from rnnsym.answers.expressions import judge_expression
from rnnsym.answers.general import judge_general
from rnnsym.answers.jacobians import judge_jacobian
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.matrices import judge_matrix
from rnnsym.answers.numbers import judge_equation, judge_integer, judge_number
from rnnsym.answers.parse import parse, parse_shape
from rnnsym.answers.sandbox import Sandbox
from rnnsym.answers.shapes import judge_shape
from rnnsym.answers.verdict import Verdict


def _always(answer: str, limits: Limits) -> bool:
    return True


def _never(answer: str, limits: Limits) -> bool:
    return False


def _rational(answer: str, limits: Limits) -> bool:
    """In-process unless the answer is a number that needs evaluating (√2, exp(1000))."""
    try:
        value = parse(answer, limits=limits)
    except AnswerError:
        return True  # the judge will say so, quickly
    value = value.rhs if isinstance(value, Eq) else value
    return not (isinstance(value, Expr) and value.is_number and not value.is_Rational)


def _rational_entries(answer: str, limits: Limits) -> bool:
    try:
        value = parse(answer, limits=limits)
    except AnswerError:
        return True
    return not isinstance(value, MatrixBase) or all(x.is_Rational for x in value)


def _integer_dims(answer: str, limits: Limits) -> bool:
    try:
        return all(d.is_Integer for d in parse_shape(answer, limits=limits))
    except AnswerError:
        return True


@dataclass(frozen=True)
class Kind:
    """A kind of answer.

    Attributes:
        judge: the judge function, judge(answer, key, **options) -> Verdict.
        in_process: whether an answer can be judged without the sandbox's deadline.
    """

    judge: Callable[..., Verdict]
    in_process: Callable[[str, Limits], bool]


KINDS = {
    "integer": Kind(judge_integer, _rational),
    "number": Kind(judge_number, _rational),
    "equation": Kind(judge_equation, _rational),
    "expression": Kind(judge_expression, _never),
    "matrix": Kind(judge_matrix, _rational_entries),
    "shape": Kind(judge_shape, _integer_dims),
    "choice": Kind(judge_choice, _always),
    "chain": Kind(judge_chain, _always),
    "general": Kind(judge_general, _always),
    "jacobian": Kind(judge_jacobian, _never),  # expands what diag holds, which can be large
}

_shared: Sandbox | None = None


def shared_sandbox() -> Sandbox:
    """The process's sandbox, started on first use and stopped at exit."""
    global _shared
    if _shared is None:
        _shared = Sandbox()
        atexit.register(_shared.close)
    return _shared


def check(kind: str, answer: str, key, *, sandbox: Sandbox | None = None,
          isolate: bool | None = None, limits: Limits = DEFAULT_LIMITS, **options) -> Verdict:
    """Judge an answer of a kind, in-process when that is safe and in the sandbox otherwise.

    Args:
        kind: a key of KINDS ("integer", "chain", "expression", …).
        answer: the student's text.
        key: the right answer, in the form the kind's judge takes.
        sandbox: the sandbox to use; the shared one by default.
        isolate: True or False to force where the judge runs; None to decide by the answer.
            In the sandbox the key and options must be picklable (a general-t key given as a
            lambda is not; general-t answers are judged in-process).
        limits: the bounds on the answer, including the deadline (limits.timeout).
        **options: the judge's own options (tolerances, mistakes, name, …).

    Raises:
        ValueError: an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of answer {kind!r}; choose one of: {', '.join(KINDS)}")
    entry = KINDS[kind]
    if isolate is None:
        isolate = not entry.in_process(answer, limits)
    if not isolate:
        return entry.judge(answer, key, limits=limits, **options)
    runner = sandbox or shared_sandbox()
    return runner.run(entry.judge, answer, key, limits=limits, timeout=limits.timeout,
                      **options)
