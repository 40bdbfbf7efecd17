"""Why a term of a chain-rule answer is wrong: the remarks of the chain-rule judge.

Each remark names its category and the term or factor it is about, in the notes' Unicode
notation: a missing path by the step where it enters (k), a wrong factor by the edge of the
network it claims, a broken chain by the two factors that do not meet.

Example:
    >>> from rnnsym.answers.graph import RNN
    >>> from rnnsym.notation import partial
    >>> edge_problem(partial("s_3", "s_1"), RNN, horizon=4).category
    'skipped_step'
"""

from __future__ import annotations

from collections import Counter

from sympy import Mul, sstr

from rnnsym.answers.graph import Graph, node_of
from rnnsym.answers.verdict import Feedback
from rnnsym.notation import Partial, unicode_name

Path = tuple[Partial, ...]


def text(path: Path) -> str:
    """∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W."""
    return " ".join(factor.unicode() for factor in path)


# The letter the notes give the step of a node where a path leaves for the parameter: the
# sum over k runs over the states; a path that leaves from y_t (V, c) is named by y_t alone.
STEP_LETTERS = {"s": "k"}


def path_name(path: Path) -> str:
    """"the path through s₁ (k = 1)": named by the node where the last factor starts."""
    node = node_of(path[-1].numerator)
    if node is None or node[1] is None:
        return f"the path {text(path)}"
    letter = STEP_LETTERS.get(node[0])
    step = f" ({letter} = {node[1]})" if letter else ""
    return f"the path through {unicode_name(path[-1].numerator)}{step}"


def term_problem(factors: tuple, coefficient) -> Feedback | None:
    """not_a_chain or coefficient, for a term that cannot be compared with the key's paths."""
    if not factors or not all(isinstance(f, Partial) for f in factors):
        shown = sstr(coefficient * Mul(*factors))
        return Feedback("not_a_chain", f"{shown} is not a product of partial derivatives ∂a/∂b")
    if not (coefficient.is_Integer and coefficient > 0):
        return Feedback("coefficient", f"the term {text(factors)} has the coefficient "
                        f"{coefficient}; each path is counted once, with coefficient 1")
    return None


def missing(given: Counter, paths: Counter, absent: Counter, target: Partial) -> list:
    """last_step_only when only the k = t path is given, else a missing_term per path."""
    shortest = min(paths, key=len)
    if len(paths) > 1 and given == Counter({shortest: 1}):
        others = ", ".join(unicode_name(p[-1].numerator) for p in paths if p != shortest)
        return [Feedback(
            "last_step_only",
            f"only the last step's path is given: {unicode_name(target.denominator)} is shared "
            f"by every step, so the paths through {others} count too")]
    return [Feedback("missing_term", f"{path_name(path)} is missing") for path in absent]


def extra(path: Path, count: int, paths: Counter, target: Partial, graph: Graph,
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
    found = [f for factor in path if (f := edge_problem(factor, graph, horizon))]
    if any(Counter(path) == Counter(p) for p in paths):
        found.append(Feedback("out_of_order", f"the factors of {text(path)} are out of order: "
                              f"each factor's denominator must be the next one's numerator"))
    else:
        found.extend(_breaks(path) + _ends(path, target))
    return found or [Feedback("extra_term", f"{text(path)} is not a path from "
                              f"{unicode_name(target.numerator)} to "
                              f"{unicode_name(target.denominator)}")]


def edge_problem(factor: Partial, graph: Graph, horizon: int) -> Feedback | None:
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
