"""The exercise-specific mistakes of the bank, computed for each variant of a problem.

A typical wrong answer is most often the key of a slightly wrong problem: the weights
counted with the biases, γ of the other activation, the gradient left unclipped, the state
computed with the other σ. So each pitfall is a row of a table: its feedback category, its
message in the unit's terms, and how to compute the wrong answer from the problem's values
and the solver's result — usually by solving a changed problem with the same solver. A
pitfall that does not apply to a variant gives None (no "clipped though ‖g‖ ≤ τ" when
‖g‖ > τ). The chain-rule mistakes (a missing path, only the last step, ∂y₄/∂s₃) need no
table here: the chain-rule judge finds them in any answer.

Example:
    >>> from rnnsym.problems import load_bank
    >>> [(m.answer, m.category) for m in pitfalls(load_bank()["clip"])][:1]
    [([3, 4], 'not_clipped')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rnnsym.answers import Mistake
from rnnsym.solvers import SolveError, solver

# (the problem, the variant's values, the solver's result) ↦ the wrong answer, or None
Wrong = Callable[[object, dict, object], object]


@dataclass(frozen=True)
class Pitfall:
    """A typical mistake of an exercise kind.

    Attributes:
        category: the feedback category a grader counts.
        message: what the student is told; each {name} of the variant's values is filled.
        wrong: (problem, values, result) ↦ the wrong answer in the key's form, or None if
            the mistake cannot happen in this variant.
    """

    category: str
    message: str
    wrong: Wrong


def pick(result, field: str):
    """The part of a solver result a problem asks for (as problems.Problem.key picks it)."""
    if isinstance(result.key, dict) and field in result.key:
        return result.key[field]
    return getattr(result, field)


def _solved_with(change: Callable[[dict], dict | None]) -> Wrong:
    """The key of the same problem solved with changed values (None: no such problem)."""
    def wrong(problem, values: dict, result):
        changed = change(values)
        if changed is None:
            return None
        try:
            answer = pick(solver(problem.kind)(**changed), problem.field)
        except (SolveError, ValueError):
            return None
        return None if answer == () else answer  # () : the changed problem has no solution
    return wrong


def _when(name: str, value, **changes) -> Callable[[dict], dict | None]:
    """Change the values only when `name` is `value` (None: when it is not given)."""
    return lambda v: {**v, **changes} if v.get(name) == value else None


_OTHER_ACTIVATION = {"sigmoid": "tanh", "tanh": "sigmoid"}
_OTHER_CONVENTION = {"column": "row", "row": "column"}


def _other(name: str, table: Mapping, default: str) -> Callable[[dict], dict]:
    return lambda v: {**v, name: table[v.get(name, default)]}


def _negative_root(problem, values: dict, result):
    rejected = [r.value for r in getattr(result, "roots", ())
                if not r.accepted and getattr(r.value, "is_negative", False)]
    return rejected[0] if rejected else None  # (a complex root is neither, and not offered)


def _rows_scaled_by(scale: Callable) -> Wrong:
    """diag(scale) W for a numeric Jacobian problem: W with each unit's row scaled."""
    def wrong(problem, values: dict, result):
        import numpy as np

        from rnnsym.model import CONVENTIONS
        from rnnsym.solvers.values import parse_array

        if result.matrix is None:
            return None
        w = np.array(parse_array(values["W"], "W"), dtype=float)
        w = w.T if CONVENTIONS[values.get("convention", "column")].transposed else w
        return (scale(values)[:, None] * w).tolist()
    return wrong


def _ones(values: dict):
    import numpy as np

    from rnnsym.solvers.values import parse_array

    return np.ones(len(parse_array(values["a"], "a_i")))


def _sigma(values: dict):
    import numpy as np

    from rnnsym.numeric import ACTIVATION_FNS
    from rnnsym.solvers.values import parse_array

    pre = np.array(parse_array(values["a"], "a_i"), dtype=float)
    return ACTIVATION_FNS[values.get("activation", "tanh")](pre)


# The quantity a student gives when stopping one step short: a for s, o for y.
_BEFORE = {"s": "a", "y": "o"}


def _clip_anyway(problem, values: dict, result):
    if result.changed or result.kind != "norm":
        return None
    flat = [x for row in result.given for x in row] if isinstance(result.given[0], list) \
        else list(result.given)
    return [x * result.threshold / result.norm_before for x in flat]


PITFALLS: Mapping[str, tuple[Pitfall, ...]] = {
    "params": (
        Pitfall("negative_root", "that root of the equation is negative: a layer size is a "
                "positive whole number, so keep the positive root", _negative_root),
        Pitfall("counted_biases", "the problem counts weights only (U, W, V): that answer "
                "also counts the biases b and c", _solved_with(_when("bias", None, bias="single"))),
        Pitfall("forgot_biases", "the problem counts the biases too: that answer counts the "
                "weights U, W, V alone, without b and c", _solved_with(
                    lambda v: None if v.get("bias") in (None, "none") else {**v, "bias": "none"})),
    ),
    "bound": (
        Pitfall("gamma_tanh", "γ = 1 is tanh's bound (tanh' = 1 − s² is 1 at a = 0); the "
                "sigmoid's σ' = s(1 − s) is at most 1/4, at s = 1/2",
                _solved_with(_when("activation", "sigmoid", activation="tanh"))),
        Pitfall("gamma_sigmoid", "γ = 1/4 is the sigmoid's bound; tanh' = 1 − s² reaches 1 "
                "at a = 0, so for tanh γ = 1",
                _solved_with(_when("activation", "tanh", activation="sigmoid"))),
    ),
    "clip": (
        Pitfall("not_clipped", "compare ‖g‖ with the threshold first: here ‖g‖ > {threshold}, "
                "so g must be scaled by {threshold}/‖g‖",
                lambda p, v, r: r.given if r.changed else None),
        Pitfall("needless_clip", "compare ‖g‖ with the threshold first: here ‖g‖ ≤ "
                "{threshold}, so g is left as it is", _clip_anyway),
        Pitfall("elementwise_clip", "that cuts each entry to [−{threshold}, {threshold}] "
                "(elementwise clipping, as min-char-rnn does); the problem asks for norm "
                "clipping, g ← {threshold}·g/‖g‖ when ‖g‖ > {threshold}",
                _solved_with(lambda v: None if v.get("elementwise") else
                             {**v, "elementwise": True})),
    ),
    "dims": (
        Pitfall("transposed", "rows and columns are swapped: that is the shape in the other "
                "convention (U x_t against x_t U); this problem uses the {convention} "
                "convention",
                _solved_with(_other("convention", _OTHER_CONVENTION, "column"))),
    ),
    "jacobian": (
        Pitfall("missing_sigma_prime", "∂s_i/∂s_(i−1) = diag(σ'(a_i)) W: that is W alone, "
                "without the factor σ'(a_i) of each unit's row",
                _rows_scaled_by(_ones)),
        Pitfall("sigma_not_prime", "that scales W by σ(a_i); the Jacobian needs the "
                "derivative σ'(a_i) (for the sigmoid σ(a)(1 − σ(a)))",
                _rows_scaled_by(_sigma)),
    ),
    "forward": (
        Pitfall("wrong_activation", "that state is computed with the other activation; this "
                "network uses σ = {activation}",
                _solved_with(_other("activation", _OTHER_ACTIVATION, "tanh"))),
        Pitfall("before_activation", "that is the value before the last function: "
                "a_t = U x_t + W s_(t−1) + b comes before s_t = σ(a_t), and o_t = V s_t + c "
                "before y_t = O(o_t)", lambda p, v, r: r.key.get(_BEFORE.get(p.field))),
    ),
    "terms": (
        Pitfall("one_loss_only", "L = Σ_t L_t: every step's loss counts, and L_t adds t "
                "terms, so the count is 1 + 2 + … + T, not the terms of L_T alone",
                _solved_with(lambda v: {**v, "architecture": "many-to-one"}
                             if v.get("architecture", "many-to-many") == "many-to-many" else None)),
        Pitfall("all_pairs", "L_t has no path through states after step t: it has t terms "
                "(k ≤ t), not T", lambda p, v, r: r.steps_T ** 2 if r.window is None else None),
    ),
}


def mistakes(problem, seed: int | None = None) -> list[Mistake]:
    """Every known mistake of a problem's variant: its [[wrong]] rows, then the pitfalls.

    A [[wrong]] answer may name the variant's values, as the statement does ("dL{t}/dW");
    only {name} with a name of [values] is filled, so LaTeX braces stay as they are. A row
    with a message is a rule: an answer like it gets that message. A row without one is a
    test only (the self-tests check that the judge finds its category by itself), so it is
    not given to the judge.

    Example:
        >>> from rnnsym.problems import load_bank
        >>> mistakes(load_bank()["params-161"])[0].category
        'negative_root'
    """
    values = problem.variant(seed)
    listed = [Mistake(fill(w.answer, values), w.category, fill(w.message, values))
              for w in problem.wrong if w.message]
    return listed + pitfalls(problem, seed)


_FIELD = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict) -> str:
    """`template` with each {name} of `values` replaced by its value.

    Example:
        >>> fill(r"dL{t}/dW + \\frac{a}{b}", {"t": 3})
        'dL3/dW + \\\\frac{a}{b}'
    """
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values
                      else m.group(0), template)


def pitfalls(problem, seed: int | None = None) -> list[Mistake]:
    """The computed mistakes of a problem's variant, as answers.Mistake rows for its judge.

    A pitfall whose wrong answer is the key itself is left out (it is no mistake here).
    """
    values = problem.variant(seed)
    try:
        result = problem.solution(seed)
    except (SolveError, ValueError):
        return []
    key = pick(result, problem.field)
    found = []
    for pitfall in PITFALLS.get(problem.kind, ()):
        wrong = pitfall.wrong(problem, values, result)
        if wrong is not None and not _same(wrong, key):
            found.append(Mistake(wrong, pitfall.category, fill(pitfall.message, values)))
    return found


def _same(a, b) -> bool:
    """Whether a computed wrong answer is the key itself (numbers, arrays, text, shapes)."""
    import numpy as np

    try:
        return bool(np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
    except (TypeError, ValueError):
        return bool(a == b)
