"""Judging a choice among named options, forgiving case, brackets, spaces and hyphens.

Example:
    >>> judge_choice(" (B) ", "b", options=("a", "b", "c")).verdict
    'correct'
    >>> judge_choice("many to one", "many-to-one").verdict
    'correct'
    >>> judge_choice("d", "b", options=("a", "b", "c")).verdict
    'invalid'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.normalize import normalize
from rnnsym.answers.verdict import (
    INCORRECT,
    Echo,
    Feedback,
    Mistake,
    Verdict,
    graded,
    guarded,
)

_SEPARATORS = re.compile(r"[\s_\-]+")
_WRAPPING = "()[]{}.:;\"'` "


def canonical(text: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The comparable form of a choice: "(B)" → "b", "Many to one" → "many-to-one"."""
    return _SEPARATORS.sub("-", normalize(text, limits).strip(_WRAPPING).casefold()).strip("-")


def judge_choice(answer: str, key: str, *, options: Collection[str] | None = None,
                 aliases: Mapping[str, str] | None = None, mistakes: Iterable[Mistake] = (),
                 limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge a choice.

    Args:
        answer: the student's text.
        key: the right option.
        options: all options; an answer that is none of them is invalid, not wrong.
        aliases: other names of options, e.g. {"rnn": "many-to-many"}.
        mistakes: known wrong choices and what to say about them.
        limits: the bounds on the answer.
    """
    names = {canonical(a): canonical(o) for a, o in (aliases or {}).items()}
    return guarded(_judge_choice, answer, key, options, names, tuple(mistakes), limits)


def _judge_choice(answer, key, options, names, mistakes, limits) -> Verdict:
    chosen = canonical(answer, limits)
    chosen = names.get(chosen, chosen)
    parsed = Echo(chosen, chosen, chosen)
    if options is not None and chosen not in {canonical(o) for o in options}:
        raise AnswerError("not_an_option", f"{chosen!r} is not one of the choices: "
                          f"{', '.join(options)}")
    if chosen == canonical(key):
        return graded(1.0, parsed)
    for mistake in mistakes:
        if names.get(canonical(mistake.answer), canonical(mistake.answer)) == chosen:
            return Verdict(INCORRECT, 0.0, parsed, (Feedback(mistake.category,
                                                             mistake.message),))
    return Verdict(INCORRECT, 0.0, parsed)
