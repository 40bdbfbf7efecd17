"""What a judge returns: a verdict, a score, the answer as it was read, and feedback.

Example:
    >>> from sympy import Rational
    >>> v = Verdict("correct", 1.0, echo(Rational(1, 4)))
    >>> v.parsed.unicode, v.parsed.latex, v.is_correct
    ('1/4', '\\\\frac{1}{4}', True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mpmath.libmp import NoConvergence
from sympy import Basic, Eq, Tuple, latex, pretty, sstr
from sympy.polys.polyerrors import CoercionFailed, PolynomialError

from rnnsym.answers.limits import AnswerError

CORRECT, INCORRECT, PARTIAL, INVALID = "correct", "incorrect", "partial", "invalid"


@dataclass(frozen=True)
class Feedback:
    """One remark on an answer.

    Attributes:
        category: a stable code a grader can count ("missing_term", "transposed", …).
        message: the sentence shown to the student.
    """

    category: str
    message: str


@dataclass(frozen=True)
class Echo:
    """The answer as rnnsym understood it, so a student can spot a misreading.

    Attributes:
        text: plain text (SymPy's str form).
        unicode: SymPy's Unicode pretty form (may span several lines).
        latex: LaTeX.
    """

    text: str
    unicode: str
    latex: str


@dataclass(frozen=True)
class Verdict:
    """The judgement of one answer.

    Attributes:
        verdict: "correct", "incorrect", "partial" or "invalid" (could not be read or checked;
            not counted as wrong).
        score: the fraction of the marks earned, from 0 to 1.
        parsed: how the answer was read, or None if it could not be read.
        feedback: remarks, most important first.
    """

    verdict: str
    score: float
    parsed: Echo | None = None
    feedback: tuple[Feedback, ...] = ()

    @property
    def is_correct(self) -> bool:
        return self.verdict == CORRECT


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer of an exercise, and what to tell a student who gives it.

    Attributes:
        answer: the wrong answer, as text (read like a student's answer) or as a value.
        category: the code reported in the feedback ("negative_root", "gamma_sigmoid", …).
        message: the sentence shown to the student.
    """

    answer: object
    category: str
    message: str


def echo(value) -> Echo:
    """The three printed forms of a parsed answer."""
    if isinstance(value, tuple):
        value = Tuple(*value)
    if not isinstance(value, Basic):
        text = str(value)
        return Echo(text, text, text)
    text = f"{sstr(value.lhs)} = {sstr(value.rhs)}" if isinstance(value, Eq) else sstr(value)
    return Echo(text, pretty(value, use_unicode=True, wrap_line=False), latex(value))


# What SymPy and mpmath raise when a value cannot be computed (an overflow, a huge integer,
# a series that does not converge). TypeError and AttributeError are not here: they are bugs.
_COMPUTATION_FAILURES = (ArithmeticError, RecursionError, ValueError, NoConvergence,
                         PolynomialError, CoercionFailed)


def guarded(judge: Callable[..., Verdict], *args, **kwargs) -> Verdict:
    """judge(*args, **kwargs), with an answer that cannot be read or computed made invalid."""
    try:
        return judge(*args, **kwargs)
    except AnswerError as error:
        return invalid(error)
    except _COMPUTATION_FAILURES as error:
        return invalid(AnswerError(
            "cannot_check", f"this answer could not be checked ({type(error).__name__}); "
            f"write it in a simpler form"))


def invalid(error: AnswerError) -> Verdict:
    """The verdict for an answer that could not be read or checked."""
    return Verdict(INVALID, 0.0, None, (Feedback(error.category, error.message),))


def graded(score: float, parsed: Echo, feedback: Iterable[Feedback] = ()) -> Verdict:
    """A verdict from a score: 1 is correct, 0 incorrect, anything between partial."""
    verdict = CORRECT if score >= 1 else INCORRECT if score <= 0 else PARTIAL
    return Verdict(verdict, float(min(max(score, 0.0), 1.0)), parsed, tuple(feedback))


def with_known(known: Iterable[Feedback], found: Iterable[Feedback]) -> tuple[Feedback, ...]:
    """A known mistake's remarks, then the judge's own remarks of other categories.

    The known remark was written for this very answer, so it replaces the judge's general
    remark of the same category instead of saying the same thing twice. A known mistake
    without a message leaves the judge's own remarks as they are.

    Example:
        >>> known = (Feedback("missing_term", "k = 1 is missing"),)
        >>> with_known(known, [Feedback("missing_term", "s₁ …"), Feedback("coefficient", "2")])
        (Feedback(category='missing_term', message='k = 1 is missing'), \
Feedback(category='coefficient', message='2'))
    """
    known = tuple(f for f in known if f.message)
    seen = {f.category for f in known}
    return known + tuple(f for f in found if f.category not in seen)


def find_mistake(value, mistakes: Iterable[Mistake], read: Callable, same: Callable
                 ) -> Mistake | None:
    """The first known mistake that the answer's value matches, if any.

    Args:
        value: the student's answer as the judge read it.
        mistakes: the exercise's table of known wrong answers.
        read: how the judge reads text, used for mistakes given as text.
        same: the judge's own equivalence, so a mistake matches however it is written.
    """
    for mistake in mistakes:
        wrong = read(mistake.answer) if isinstance(mistake.answer, str) else mistake.answer
        if same(value, wrong):
            return mistake
    return None
