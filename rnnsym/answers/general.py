"""Judging a general-t answer, Σ_{k=1}^{t} … with letters as bounds, by trying t = 1…6.

The answer is built once for each t and compared with the key's terms at that t, so a wrong
bound shows up as a wrong number of terms at a named t ("for t = 3 your sum has 2 terms; it
needs 3"), and every other mistake gets the chain-rule judge's remark for that t.

Example:
    >>> from rnnsym.notation import partial
    >>> key = lambda t: [partial(f"L_{t}", f"s_{k}") for k in range(1, t + 1)]
    >>> judge_general("sum(k=1..t, dL_t/ds_k)", key).verdict
    'correct'
    >>> judge_general("sum(k=2..t, dL_t/ds_k)", key).feedback[0].message
    'for t = 1 your sum has 0 terms; it needs 1'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sympy import Eq

from rnnsym.answers.chains import Comparison, compare, key_paths, right_side, target_of
from rnnsym.answers.graph import RNN, Graph
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.parse import Template, parse_template
from rnnsym.answers.terms import expanded_terms
from rnnsym.answers.verdict import (
    Feedback,
    Mistake,
    Verdict,
    echo,
    graded,
    guarded,
    with_known,
)

STEPS = range(1, 7)


def judge_general(answer: str, key: Callable[[int], object], *, var: str = "t",
                  steps: Iterable[int] = STEPS, partial_credit: bool = True,
                  mistakes: Iterable[Mistake] = (), graph: Graph = RNN,
                  limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge an answer written for any t by instantiating it at each of `steps`.

    Args:
        answer: the student's text, with the step written as the letter `var`.
        key: t ↦ the key's terms at t (an expression or an iterable of products).
        var: the letter of the step.
        steps: the values of t tried.
        partial_credit: score the mean of the per-t scores instead of all or nothing.
        mistakes: known wrong answers (as text, in the same letters) and what to say.
        graph: which quantity depends directly on which.
        limits: the bounds on the answer.
    """
    keys = {t: key_paths(key(t)) for t in steps}
    if not keys:
        raise ValueError("judge_general needs at least one value of t in steps")
    return guarded(_judge_general, answer, keys, var, partial_credit, tuple(mistakes), graph,
                   limits)


def _judge_general(answer, keys, var, partial_credit, mistakes, graph, limits) -> Verdict:
    template = parse_template(answer, limits=limits)
    parsed = echo(template.general())
    results = {t: _at(template, t, var, paths, graph, limits) for t, paths in keys.items()}
    known = _known(template, mistakes, var, tuple(results), limits)
    wrong = [(t, r) for t, r in results.items() if not r.exact]
    score = sum(r.score for r in results.values()) / len(results)
    if not wrong:
        return graded(1.0, parsed)
    # A wrong count of terms is the clearest remark (an off-by-one bound), so prefer it.
    t, first = next(((t, r) for t, r in wrong if r.given != r.needed), wrong[0])
    feedback = []
    if first.given != first.needed:
        plural = "term" if first.given == 1 else "terms"
        feedback.append(Feedback("term_count", f"for {var} = {t} your sum has {first.given} "
                                 f"{plural}; it needs {first.needed}"))
    feedback.extend(Feedback(f.category, f"for {var} = {t}: {f.message}") for f in first.feedback)
    return graded(min(score, 0.999) if partial_credit else 0.0, parsed,
                  with_known(known, feedback))


def _at(template: Template, t: int, var: str, paths, graph: Graph, limits: Limits
        ) -> Comparison:
    try:
        value, free = template.instantiate({var: t})
    except AnswerError as error:
        if error.category != "symbolic_bound":
            raise
        raise AnswerError(error.category, f"{error.message} (the step of this problem is "
                          f"called {var})") from None
    if free:
        letters = ", ".join(sorted(free))
        raise AnswerError("unbound_index", f"the answer uses {letters} in a subscript without "
                          f"a value; the step of this problem is called {var}")
    return compare(expanded_terms(right_side(value, target_of(paths)), limits), paths, graph)


def _rhs(value):
    """The right side of `∂L_t/∂W = …` (the left one was checked when the answer was read)."""
    return value.rhs if isinstance(value, Eq) else value


def _known(template: Template, mistakes, var: str, steps: tuple, limits: Limits) -> tuple:
    if not mistakes:
        return ()
    answer_terms = [expanded_terms(_rhs(template.at(**{var: t})), limits) for t in steps]
    for mistake in mistakes:
        wrong = parse_template(mistake.answer, limits=limits)
        if all(expanded_terms(_rhs(wrong.at(**{var: t})), limits) == terms
               for t, terms in zip(steps, answer_terms, strict=True)):
            return (Feedback(mistake.category, mistake.message),)
    return ()
