"""The grammar's output: a small tree that says what the answer is, before any SymPy.

Keeping a tree (instead of building SymPy objects while parsing) lets one answer be built
several times: Σ_{k=1}^{t} is built once for each k, and a general-t answer once for each t.

Example:
    >>> mentions(Name("s", Name("k", None)), "k")
    True
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Num:
    text: str  # as typed: "14", "0.25", "1e-3"


@dataclass(frozen=True, slots=True)
class Name:
    base: str  # "s", "W", "gamma"
    sub: object  # None, a label such as "hh", or a node (Num, Name, Add, …) for s_{k-1}


@dataclass(frozen=True, slots=True)
class Diff:
    """∂num/∂den: a factor of a chain-rule product."""

    num: Name
    den: Name


@dataclass(frozen=True, slots=True)
class Neg:
    arg: object


@dataclass(frozen=True, slots=True)
class Add:
    terms: tuple


@dataclass(frozen=True, slots=True)
class Product:
    """Factors in the order written; each item is ("*" or "/", node)."""

    items: tuple


@dataclass(frozen=True, slots=True)
class Power:
    base: object
    exp: object


@dataclass(frozen=True, slots=True)
class Call:
    func: str  # a key of build.FUNCTIONS
    primes: int  # σ' has one
    args: tuple


@dataclass(frozen=True, slots=True)
class Big:
    """Σ (kind "sum") or Π (kind "prod") of body over var = lo..hi."""

    kind: str
    var: str
    lo: object
    hi: object
    body: object


@dataclass(frozen=True, slots=True)
class List:
    """[a, b, …]: a vector, or a matrix when its items are lists."""

    items: tuple


@dataclass(frozen=True, slots=True)
class Matrix(List):
    """A LaTeX matrix environment; its items are its rows (each a List). Brackets around it,
    as in SymPy's own \\left[\\begin{matrix}…\\end{matrix}\\right], add nothing."""


@dataclass(frozen=True, slots=True)
class Tuple:
    """(a, b, …): a shape or a pair."""

    items: tuple


@dataclass(frozen=True, slots=True)
class Equation:
    lhs: object
    rhs: object


def children(node) -> tuple:
    """The nodes directly inside a node (items of Product are (op, node) pairs)."""
    if not hasattr(node, "__dataclass_fields__"):
        return ()
    found = []
    for field in fields(node):
        value = getattr(node, field.name)
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            found.append(item[1] if isinstance(item, tuple) else item)
    return tuple(found)


def mentions(node, var: str) -> bool:
    """Whether a name `var` (alone, not a subscripted name such as `k_1`) occurs in node."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Name) and current.base == var and current.sub is None:
            return True
        stack.extend(children(current))
    return False
