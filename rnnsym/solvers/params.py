"""Parameter counting, forwards and backwards: count the weights, or find the size from the total.

The course notes' exercise: "An RNN takes input of words each as a vector of length n, one
hidden layer with n/2 neurons and one output layer with 2 neurons. If total no. of weights =
161, find n." Each matrix is counted (U: n·n/2, W: (n/2)², V: n/2·2), the counts are summed
into a polynomial in the unknown, and the equation count = total is solved exactly. A root is
an answer only if it makes every layer size a positive integer; every other root is listed
with the reason it fails.

Example:
    >>> result = solve(**NOTES_EXERCISE)
    >>> result.key, [(str(r.value), r.reason) for r in result.rejected]
    (14, [('-46/3', 'negative and not an integer')])
    >>> solve(14, 7, 2).key
    161
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rnnsym.model import choose
from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.counting import (
    BIASES,
    CELLS,
    LAYERS,
    PRESETS,
    Network,
    Term,
    bias_for,
    breakdown,
)
from rnnsym.solvers.fmt import plain, uni
from rnnsym.solvers.params_steps import explain_count, explain_solve
from rnnsym.solvers.sizes import SizeError, parse_size

NOTES_EXERCISE = {"input": "n", "hidden": "n/2", "output": "2", "total": 161}
MAX_TOTAL_DIGITS = 30
_WHOLE = re.compile(rf"\s*\d{{1,{MAX_TOTAL_DIGITS}}}\s*")


@dataclass(frozen=True)
class Root:
    """A root of the equation count = total, judged.

    Attributes:
        value: the exact root (a SymPy number: Rational, radical, complex or CRootOf).
        accepted: True when every layer size it gives is a positive integer.
        reason: why it was rejected (None when accepted).
        sizes: (layer, size) at this root, for input, hidden and output.
    """

    value: object
    accepted: bool
    reason: str | None
    sizes: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class ParamsResult:
    """A parameter count, or the size found from a given count.

    Attributes:
        network: the sizes (SymPy) and the counting choices.
        convention: the preset asked for ("notes", "keras", "pytorch"), or None.
        unknown: the unknown's name; "total" when the sizes are known and the count is asked.
        count: the total as counted: an Integer, or a polynomial in the unknown.
        total: the given total when solving; the count when counting.
        terms: every matrix and bias with its count.
        roots: every root of count = total, judged (empty when counting).
        solutions: the accepted roots, or (count,) when counting.
        key: the answer a student should give: the one solution, the tuple of solutions when
            there are none or several, or the count.
        steps: the worked solution.
    """

    network: Network
    convention: str | None
    unknown: str
    count: object
    total: object
    terms: tuple[Term, ...]
    roots: tuple[Root, ...]
    solutions: tuple
    key: object
    steps: tuple[Step, ...]

    @property
    def rejected(self) -> tuple[Root, ...]:
        return tuple(r for r in self.roots if not r.accepted)

    @property
    def equation(self) -> str | None:
        """The equation in SymPy's text form ("3*n**2/4 + n = 161"); None when counting."""
        return f"{self.count} = {self.total}" if self.unknown != "total" else None

    def as_dict(self) -> dict:
        net = self.network
        at = self.at_solution()
        value = {t.name: t.count.subs(at) if at else t.count for t in self.terms}
        return {
            "unknown": self.unknown,
            "equation": self.equation if self.equation else f"total = {self.count}",
            "solutions": [plain(s) for s in self.solutions],
            "rejected": [{"value": plain(r.value), "reason": r.reason} for r in self.rejected],
            "breakdown": {t.name: {"what": t.what, "product": t.product_text,
                                   "expression": str(t.count),
                                   "value": None if value[t.name].free_symbols
                                   else plain(value[t.name])}
                          for t in self.terms},
            "total": plain(self.total),
            "count": str(self.count),
            "key": [plain(k) for k in self.key] if isinstance(self.key, tuple) else plain(
                self.key),
            "sizes": {name: str(getattr(net, name)) for name in LAYERS},
            "cell": net.cell, "bias": net.bias, "layers": net.layers,
            "bidirectional": net.bidirectional, "convention": self.convention,
            "steps": [s.as_dict() for s in self.steps],
        }

    def at_solution(self) -> dict:
        """The substitution unknown → its one solution, when there is exactly one."""
        if self.unknown == "total" or len(self.solutions) != 1:
            return {}
        import sympy

        return {sympy.Symbol(self.unknown): self.solutions[0]}


# --- reading the problem ------------------------------------------------------------------


def _size(value, layer: str):
    import sympy

    if isinstance(value, bool):
        raise SolveError(f"{layer} size must be a number or an expression, got {value!r}")
    try:
        return sympy.Integer(value) if isinstance(value, int) else parse_size(value)
    except SizeError as err:
        raise SolveError(f"{layer} size: {err}") from None


def _check_known(expr, layer: str) -> None:
    """A size without the unknown must be a positive integer (the output may be 0: none)."""
    lowest = 0 if layer == "output" else 1
    if not expr.is_integer:
        raise SolveError(f"{layer} size must be a whole number, got {uni(expr)}")
    if expr < lowest:
        allowed = "0 (no output layer) or more" if layer == "output" else "positive"
        raise SolveError(f"{layer} size must be {allowed}, got {uni(expr)}")


def _total(value):
    import sympy

    if value is None:
        return None
    if isinstance(value, int | sympy.Integer) and not isinstance(value, bool) and value >= 0:
        return sympy.Integer(value)
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return sympy.Integer(int(value))
    raise SolveError(f"the total must be a whole number of parameters, got {value!r}")


def _unknown(sizes: dict, asked: str | None) -> str | None:
    names = sorted({s.name for e in sizes.values() for s in e.free_symbols})
    if len(names) > 1:
        raise SolveError(f"two unknowns ({' and '.join(names)}); a size may use only one")
    if asked is not None and asked != "total" and asked not in names:
        raise SolveError(f"the unknown {asked!r} appears in none of the sizes")
    return names[0] if names else None


def network_of(input, hidden, output, *, cell="rnn", bias=None, layers=1,
               bidirectional=False, convention="notes") -> Network:
    """Read sizes (ints or expressions such as "n/2") and choices into a Network.

    The bias convention is the preset's for the cell unless `bias` is given.

    Example:
        >>> network_of(25, 5, 0, cell="gru", convention="keras").bias
        'reset_after'
    """
    sizes = {"input": _size(input, "input"), "hidden": _size(hidden, "hidden"),
             "output": _size(output, "output")}
    choose(CELLS, cell, "cell")
    if bias is None:
        bias = bias_for(convention, cell)
    choose(BIASES, bias, "bias")
    for layer, expr in sizes.items():
        if not expr.free_symbols:
            _check_known(expr, layer)
    return Network(sizes["input"], sizes["hidden"], sizes["output"], cell=cell, bias=bias,
                   layers=layers, bidirectional=bidirectional)


# --- judging the roots --------------------------------------------------------------------


def _problems(value) -> list[str]:
    """What keeps a size's value from being a positive integer."""
    if value.is_real is False:
        return ["not real"]
    approx = value.evalf(30)
    problems = []
    if value.is_zero:
        problems.append("zero")
    elif approx < 0:
        problems.append("negative")
    if value.is_integer is not True:
        problems.append("not an integer")
    return problems


def _judge(root, net: Network, symbol) -> Root:
    import sympy

    sizes = tuple((layer, sympy.expand(getattr(net, layer).subs(symbol, root)))
                  for layer in LAYERS)
    if root.is_real is False:
        return Root(root, False, "complex, not real", sizes)
    for (layer, value), expr in zip(sizes, (net.input, net.hidden, net.output), strict=True):
        if symbol not in expr.free_symbols:
            continue
        problems = _problems(value)
        if problems:
            why = " and ".join(problems)
            if expr != symbol:
                why = f"makes the {layer} size {uni(expr)} = {uni(value)}: {why}"
            return Root(root, False, why, sizes)
    return Root(root, True, None, sizes)


def _roots(count, total, symbol) -> list:
    import sympy

    poly = sympy.Poly(count - total, symbol)
    if poly.degree() < 1:
        return []
    return list(dict.fromkeys(poly.all_roots()))


# --- solving ------------------------------------------------------------------------------


def solve(input, hidden, output, total=None, *, cell="rnn", bias=None,
          layers=1, bidirectional=False, convention="notes", unknown=None) -> ParamsResult:
    """Count a recurrent network's parameters, or find the unknown size from the total.

    Args:
        input, hidden, output: layer sizes, as ints or as expressions of one unknown
            ("n", "n/2", "2n", "n+3"); output 0 counts the recurrent layers alone.
        total: the given number of parameters; None to count instead of solve.
        cell: "rnn", "lstm" or "gru".
        bias: "none", "single", "double" or "reset_after" (GRU); None: the convention's.
        layers: stacked recurrent layers.
        bidirectional: two directions per layer.
        convention: "notes", "keras" or "pytorch" (sets the bias when it is not given).
        unknown: the unknown's name, to check it is the one the sizes use.

    NOTES_EXERCISE holds the course notes' exercise (n, n/2, 2, total 161: n = 14).

    Example:
        >>> solve(1, 10, 0, None, convention="keras").key
        120
    """
    choose(PRESETS, convention, "convention")
    net = network_of(input, hidden, output, cell=cell, bias=bias, layers=layers,
                     bidirectional=bidirectional, convention=convention)
    name = _unknown({k: getattr(net, k) for k in LAYERS}, unknown)
    given = _total(total)
    terms = breakdown(net)
    import sympy

    count = sympy.expand(sympy.Add(*(t.count for t in terms)))
    if given is None or unknown == "total":
        if given is not None:
            raise SolveError("the total is the unknown here, so do not give it")
        steps = (*explain_count(net, convention, terms, count, name, counting=True),)
        return ParamsResult(net, convention, "total", count, count, terms, (), (count,),
                            count, steps)
    if name is None:
        raise SolveError(f"nothing to solve: every size is a number (they count "
                         f"{count} parameters); write one size as an expression of an "
                         f"unknown such as n/2, or leave out the total to count")
    symbol = sympy.Symbol(name)
    roots = tuple(_judge(r, net, symbol) for r in _roots(count, given, symbol))
    solutions = tuple(r.value for r in roots if r.accepted)
    key = solutions[0] if len(solutions) == 1 else solutions
    steps = (*explain_count(net, convention, terms, count, name),
             *explain_solve(count, given, symbol, roots, terms))
    return ParamsResult(net, convention, name, count, given, terms, roots, solutions, key,
                        steps)
