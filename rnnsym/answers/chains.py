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

from sympy import Add, Basic, Eq, Mul, sstr

from rnnsym.answers.graph import RNN, Graph, node_of
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.parse import parse
from rnnsym.answers.terms import expanded_terms
from rnnsym.answers.verdict import Feedback, Mistake, Verdict, echo, graded, guarded
from rnnsym.notation import Partial, unicode_name

Path = tuple[Partial, ...]


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


def text(path: Path) -> str:
    """∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W."""
    return " ".join(factor.unicode() for factor in path)


def path_name(path: Path) -> str:
    """"the path through s₁ (k = 1)": named by the node where the last factor starts."""
    node = node_of(path[-1].numerator)
    if node is None or node[1] is None:
        return f"the path {text(path)}"
    return f"the path through {unicode_name(path[-1].numerator)} (k = {node[1]})"


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
    feedback = _known(terms, mistakes, limits) + result.feedback
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
        problem = _term_problem(factors, coefficient)
        if problem:
            feedback.append(problem)
            penalty += 1
            continue
        given[factors] += int(coefficient)
    matched, missing, extra = given & paths, paths - given, given - paths
    for path in extra:
        feedback.extend(_extra(path, extra[path] + paths[path], paths, target, graph, horizon))
    feedback.extend(_missing(given, paths, missing, target))
    count = sum(given.values()) + penalty
    score = max(0, sum(matched.values()) - sum(extra.values()) - penalty) / sum(paths.values())
    return Comparison(score, tuple(feedback), count, sum(paths.values()))


def _term_problem(factors: tuple, coefficient) -> Feedback | None:
    if not factors or not all(isinstance(f, Partial) for f in factors):
        shown = sstr(coefficient * Mul(*factors))
        return Feedback("not_a_chain", f"{shown} is not a product of partial derivatives ∂a/∂b")
    if not (coefficient.is_Integer and coefficient > 0):
        return Feedback("coefficient", f"the term {text(factors)} has the coefficient "
                        f"{coefficient}; each path is counted once, with coefficient 1")
    return None


def _missing(given: Counter, paths: Counter, missing: Counter, target: Partial) -> list:
    shortest = min(paths, key=len)
    if len(paths) > 1 and given == Counter({shortest: 1}):
        others = ", ".join(unicode_name(p[-1].numerator) for p in paths if p != shortest)
        return [Feedback(
            "last_step_only",
            f"only the last step's path is given: {unicode_name(target.denominator)} is shared "
            f"by every step, so the paths through {others} count too")]
    return [Feedback("missing_term", f"{path_name(path)} is missing") for path in missing]


def _extra(path: Path, count: int, paths: Counter, target: Partial, graph: Graph,
           horizon: int) -> list[Feedback]:
    """Why a term of the answer is not (or not that often) a term of the key."""
    if path == (target,):
        return [Feedback("total_derivative", f"{target.unicode()} is the derivative asked for; "
                         f"the answer must be its expansion into paths, not the derivative "
                         f"itself")]
    if path in paths:
        # SymPy adds a term written twice into a coefficient 2, so the two read the same.
        return [Feedback("duplicate_term", f"{path_name(path)} is counted {count} times (by a "
                         f"coefficient or by repeating it); it belongs once")]
    found = [f for factor in path if (f := _edge_problem(factor, graph, horizon))]
    if any(Counter(path) == Counter(p) for p in paths):
        found.append(Feedback("out_of_order", f"the factors of {text(path)} are out of order: "
                              f"each factor's denominator must be the next one's numerator"))
    else:
        found.extend(_breaks(path) + _ends(path, target))
    return found or [Feedback("extra_term", f"{text(path)} is not a path from "
                              f"{unicode_name(target.numerator)} to "
                              f"{unicode_name(target.denominator)}")]


def _edge_problem(factor: Partial, graph: Graph, horizon: int) -> Feedback | None:
    """nonexistent_edge or skipped_step for a factor that is not a direct dependency."""
    num, den = node_of(factor.numerator), node_of(factor.denominator)
    shown = factor.unicode()
    for node, symbol in ((num, factor.numerator), (den, factor.denominator)):
        if node is None or not graph.exists(node, horizon):
            return Feedback("nonexistent_edge", f"{shown}: {unicode_name(symbol)} is not a "
                            f"quantity of this network")
    parents = graph.parents(num, horizon)
    if den in parents:
        return None
    a, b = unicode_name(factor.numerator), unicode_name(factor.denominator)
    route = graph.path(num, den, horizon)
    direct = ", ".join(_name(p) for p in parents) or "nothing (it is given)"
    if route is None or (num[0] != den[0] and den[0] in {p[0] for p in parents}):
        return Feedback("nonexistent_edge", f"{shown} is not an edge of the network: {a} "
                        f"depends directly on {direct}")
    through = ", ".join(_name(n) for n in route[1:-1])
    steps = " ".join(f"∂{_name(x)}/∂{_name(y)}" for x, y in zip(route, route[1:], strict=False))
    return Feedback("skipped_step", f"{shown} skips a step: {a} depends on {b} only through "
                    f"{through}; write {steps}")


def _name(node) -> str:
    base, step = node
    return unicode_name(base if step is None else f"{base}_{step}")


def _breaks(path: Path) -> list[Feedback]:
    return [Feedback("broken_chain", f"the chain breaks between {f.unicode()} and {g.unicode()}: "
                     f"{unicode_name(f.denominator)} is not {unicode_name(g.numerator)}")
            for f, g in zip(path, path[1:], strict=False) if f.denominator != g.numerator]


def _ends(path: Path, target: Partial) -> list[Feedback]:
    found = []
    if path[0].numerator != target.numerator:
        found.append(Feedback("wrong_start", f"{text(path)} starts at "
                              f"{unicode_name(path[0].numerator)}, not at "
                              f"{unicode_name(target.numerator)}"))
    if path[-1].denominator != target.denominator:
        found.append(Feedback("wrong_end", f"{text(path)} ends at "
                              f"{unicode_name(path[-1].denominator)}, not at "
                              f"{unicode_name(target.denominator)}"))
    return found
