"""Which quantity of the unrolled network depends directly on which: the facts the chain-rule
judge checks each factor ∂a/∂b against.

The table is written the way the notes write the model: `("s_t", "s_t-1")` says s_t depends
directly on s_{t−1}; `("L", "L_*")` says the total loss depends on every step's loss. A
factor ∂a/∂b is an *edge* when b is a direct parent of a, a *skipped step* when a depends
on b only through other quantities, and *nonexistent* when a does not depend on b at all.

Example:
    >>> RNN.parents(("y", 4), horizon=4)
    (('s', 4), ('V', None), ('c', None))
    >>> RNN.path(("s", 3), ("s", 1), horizon=4)
    (('s', 3), ('s', 2), ('s', 1))
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property

from sympy import Symbol

Node = tuple[str, int | None]  # ("s", 3) for s_3, ("W", None) for W

EACH = "*"  # a parent at every step 1..horizon (the total loss sums the steps' losses)

_PATTERN = re.compile(r"([A-Za-z]+)(?:_(t|\*)([+-]\d+)?)?$")
_NAME = re.compile(r"([A-Za-z]+)(?:_(\d+))?$")


@dataclass(frozen=True)
class Graph:
    """Direct dependencies as (child, parent) patterns, and the first step of each quantity.

    Attributes:
        edges: (child, parent) pairs such as ("y_t", "s_t"), ("s_t", "s_t-1"), ("s_t", "W").
        first: the first step of a quantity when it is not 1 (s_0 is the given initial state).
    """

    edges: tuple[tuple[str, str], ...]
    first: dict[str, int] = field(default_factory=dict)

    @cached_property
    def rows(self) -> tuple[tuple[str, bool, str, object], ...]:
        """(child base, child has a step, parent base, parent offset: int, None or EACH)."""
        rows = []
        for child, parent in self.edges:
            c_base, c_step, _ = _PATTERN.match(child).groups()
            p_base, p_step, p_offset = _PATTERN.match(parent).groups()
            offset = EACH if p_step == EACH else (
                None if p_step is None else int(p_offset or 0))
            rows.append((c_base, c_step is not None, p_base, offset))
        return tuple(rows)

    @cached_property
    def stepped(self) -> frozenset[str]:
        """Quantities with a step (s_t, y_t, …)."""
        return frozenset({c for c, indexed, _, _ in self.rows if indexed}
                         | {p for _, _, p, offset in self.rows if offset is not None})

    @cached_property
    def unstepped(self) -> frozenset[str]:
        """Quantities without one (W, U, V, b, c, the total loss L)."""
        return frozenset({c for c, indexed, _, _ in self.rows if not indexed}
                         | {p for _, _, p, offset in self.rows if offset is None})

    def exists(self, node: Node, horizon: int) -> bool:
        """Whether node is a quantity of the network unrolled to `horizon` steps."""
        base, step = node
        if step is None:
            return base in self.unstepped
        return base in self.stepped and self.first.get(base, 1) <= step <= horizon

    def parents(self, node: Node, horizon: int) -> tuple[Node, ...]:
        """The quantities node depends on directly (none for s_0 and other inputs)."""
        base, step = node
        if not self.exists(node, horizon):
            return ()
        found: list[Node] = []
        for c_base, c_indexed, p_base, offset in self.rows:
            if c_base != base or c_indexed != (step is not None) or (step is not None
                                                                      and step < 1):
                continue
            if offset == EACH:
                found.extend((p_base, s) for s in range(1, horizon + 1))
            elif offset is None:
                found.append((p_base, None))
            elif self.exists((p_base, step + offset), horizon):
                found.append((p_base, step + offset))
        return tuple(found)

    def path(self, start: Node, goal: Node, horizon: int) -> tuple[Node, ...] | None:
        """The shortest chain of direct dependencies from start down to goal, or None."""
        previous: dict[Node, Node | None] = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                chain = [node]
                while previous[chain[-1]] is not None:
                    chain.append(previous[chain[-1]])
                return tuple(reversed(chain))
            for parent in self.parents(node, horizon):
                if parent not in previous:
                    previous[parent] = node
                    queue.append(parent)
        return None


def node_of(symbol: Symbol) -> Node | None:
    """`s_3` → ("s", 3), `W` → ("W", None); None for a name with a letter subscript."""
    match = _NAME.match(str(symbol))
    if not match:
        return None
    base, step = match.groups()
    return base, None if step is None else int(step)


RNN = Graph(
    edges=(
        ("L", "L_*"),  # the total loss sums the losses of the steps
        ("L_t", "y_t"),
        ("y_t", "s_t"), ("y_t", "V"), ("y_t", "c"),
        ("s_t", "s_t-1"), ("s_t", "x_t"), ("s_t", "U"), ("s_t", "W"), ("s_t", "b"),
    ),
    first={"s": 0},  # s_0 is the given initial state
)
