"""Judging a chain-rule sum term by term, as ordered products of partial derivatives.

Each term of ∂L₄/∂W is a path through the unrolled network, and its factors are Jacobians:
they keep their order and never cancel. A checker that read ∂L₄/∂y₄ as a fraction would
accept `2*dL4/dW` for the whole expansion; here every term of the answer must be a path of
the key, so that answer is told it gave the derivative itself (and counted it twice).

Example:
    >>> from rnnsym.notation import partial
    >>> key = [partial("L_1", "y_1") * partial("y_1", "s_1") * partial("s_1", "W")]
    >>> judge_chain("dL1/dy1 dy1/ds1 ds1/dW", key).verdict
    'correct'
    >>> judge_chain("dL1/dW", key).feedback[0].category
    'total_derivative'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sympy import Add, Basic, Eq

from rnnsym.answers.diagnose import extra, missing, term_problem
from rnnsym.answers.graph import RNN, Graph, node_of
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.parse import parse
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
from rnnsym.notation import Partial


@dataclass(frozen=True)
class Comparison:
    """A student's terms against the key's, at one value of t.

    Attributes:
        score: the fraction of the key's terms given, less one for each wrong term, in [0, 1].
        feedback: the remarks, most important first.
        given: the number of terms in the answer (a coefficient 2 counts twice).
        needed: the number of terms in the key.
    """

    score: float
    feedback: tuple[Feedback, ...]
    given: int
    needed: int

    @property
    def exact(self) -> bool:
        return self.score >= 1


def key_paths(key) -> Counter:
    """The key (an expression or an iterable of terms) as a multiset of factor tuples.

    Raises:
        ValueError: a term of the key is not a product of Partial factors with coefficient 1.
    """
    terms = Add(*key) if not isinstance(key, Basic) else key
    paths: Counter = Counter()
    for factors, coefficient in expanded_terms(terms, Limits(max_terms=10**6)).items():
        if not factors or not all(isinstance(f, Partial) for f in factors):
            raise ValueError(f"a key term is not a product of partial derivatives: {factors}")
        if not (coefficient.is_Integer and coefficient > 0):
            raise ValueError(f"a key term has coefficient {coefficient}")
        paths[factors] += int(coefficient)
    if not paths:
        raise ValueError("the key has no terms")
    return paths


def judge_chain(answer: str, key, *, partial_credit: bool = True,
                mistakes: Iterable[Mistake] = (), graph: Graph = RNN,
                limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge a chain-rule sum against the key's terms, as ordered products.

    Args:
        answer: the student's text, in any notation the reader knows (an equation
            `dL4/dW = …` is allowed; its right side is judged).
        key: the right terms, an expression or an iterable of products of Partial factors.
        partial_credit: score right terms less wrong ones, instead of all or nothing.
        mistakes: known wrong answers (as text) and what to say about them.
        graph: which quantity depends directly on which.
        limits: the bounds on the answer.
    """
    return guarded(_judge_chain, answer, key_paths(key), partial_credit, tuple(mistakes),
                   graph, limits)


def _judge_chain(answer, paths, partial_credit, mistakes, graph, limits) -> Verdict:
    value = parse(answer, limits=limits)
    terms = expanded_terms(right_side(value, target_of(paths)), limits)
    result = compare(terms, paths, graph)
    feedback = with_known(_known(terms, mistakes, limits), result.feedback)
    return graded(result.score if partial_credit or result.exact else 0.0, echo(value), feedback)


def target_of(paths: Counter) -> Partial:
    """∂L₄/∂W for a key whose paths run from L₄ to W."""
    first = next(iter(paths))
    return Partial(first[0].numerator, first[-1].denominator)


def right_side(value: Basic, target: Partial) -> Basic:
    """The right side of `∂L₄/∂W = …` (the answer itself when it is not an equation)."""
    if not isinstance(value, Eq):
        return value
    if value.lhs != target:
        raise AnswerError("wrong_target", f"the left side of = should be {target.unicode()}")
    return value.rhs


def _known(terms, mistakes: Iterable[Mistake], limits: Limits) -> tuple[Feedback, ...]:
    for mistake in mistakes:
        if expanded_terms(parse(mistake.answer, limits=limits), limits) == terms:
            return (Feedback(mistake.category, mistake.message),)
    return ()


def compare(terms: dict, paths: Counter, graph: Graph = RNN) -> Comparison:
    """Compare an answer's terms with the key's paths; see the module doc."""
    target = target_of(paths)
    horizon = max([1] + [n[1] for p in paths for f in p for s in f.args
                         if (n := node_of(s)) and n[1] is not None])
    given, feedback, penalty = Counter(), [], 0
    for factors, coefficient in terms.items():
        problem = term_problem(factors, coefficient)
        if problem:
            feedback.append(problem)
            penalty += 1
            continue
        given[factors] += int(coefficient)
    matched, absent, surplus = given & paths, paths - given, given - paths
    for path in surplus:
        feedback.extend(extra(path, surplus[path] + paths[path], paths, target, graph, horizon))
    feedback.extend(missing(given, paths, absent, target))
    count = sum(given.values()) + penalty
    score = max(0, sum(matched.values()) - sum(surplus.values()) - penalty) / sum(paths.values())
    return Comparison(score, tuple(feedback), count, sum(paths.values()))
