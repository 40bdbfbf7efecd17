"""The optional tables of a problem file: [vary] rules and [judge] options, validated.

A [vary] rule draws one value of the variant from a seed: a list of choices
(`output = [2, 3, 4]`) or a range of integers (`n = {min = 4, max = 16, step = 2}`, step 1
by default, max included). The draw hashes the problem id, the name and the seed with
SHA-256, so a seed gives the same variant on any machine and Python version.

A [judge] table passes options to the problem's judge (`rel_tol = 0.01` for a number,
`partial_credit = false` for a chain-rule sum). JUDGE_OPTIONS says which options each
answer type takes and what each must be; `tolerance` is another name for `rel_tol`.

Example:
    >>> read_vary("p.toml", {"n": {"min": 4, "max": 8, "step": 2}})["n"].values()
    (4, 6, 8)
    >>> read_judge("p.toml", "number", {"tolerance": 0.01})
    {'rel_tol': 0.01}
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass


class TableError(ValueError):
    """A [vary] or [judge] table is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Choices:
    """A [vary] rule that picks one of a list of values."""

    choices: tuple

    @property
    def count(self) -> int:
        return len(self.choices)

    def pick(self, index: int):
        return self.choices[index]

    def values(self) -> tuple:
        return self.choices


@dataclass(frozen=True)
class IntRange:
    """A [vary] rule that picks one of min, min + step, …, up to max (included)."""

    min: int
    max: int
    step: int = 1

    @property
    def count(self) -> int:
        # Arithmetic rather than len(range(...)), which overflows past sys.maxsize.
        return (self.max - self.min) // self.step + 1

    def pick(self, index: int) -> int:
        return self.min + index * self.step

    def values(self) -> tuple:
        return tuple(range(self.min, self.max + 1, self.step))


def draw(problem_id: str, name: str, seed: int, rule: Choices | IntRange):
    """The value of `name` in the variant `seed`: SHA-256 of "id:name:seed", modulo count.

    Example:
        >>> draw("p", "n", 0, IntRange(4, 16, 2)) in range(4, 17, 2)
        True
    """
    digest = hashlib.sha256(f"{problem_id}:{name}:{seed}".encode()).digest()
    return rule.pick(int.from_bytes(digest[:8], "big") % rule.count)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _where(file: str, key: str) -> str:
    return f"{file}: key {key!r}"


def _choices(file: str, key: str, rule: list) -> Choices:
    if not rule:
        raise TableError(f"{_where(file, key)} should be a non-empty list")
    return Choices(tuple(rule))


def _int_range(file: str, key: str, rule: dict) -> IntRange:
    unknown = set(rule) - {"min", "max", "step"}
    if unknown:
        raise TableError(f"{_where(file, key)} has unknown keys {sorted(unknown)}; "
                         "a range has min, max and step")
    for part in ("min", "max"):
        if part not in rule:
            raise TableError(f"{_where(file, f'{key}.{part}')} is missing "
                             "(expected an integer)")
    for part, value in rule.items():
        if not _is_int(value):
            raise TableError(f"{_where(file, f'{key}.{part}')} should be an integer, "
                             f"not {type(value).__name__}")
    result = IntRange(rule["min"], rule["max"], rule.get("step", 1))
    if result.min > result.max:
        raise TableError(f"{_where(file, key)}: min ({result.min}) should be at most "
                         f"max ({result.max})")
    if result.step <= 0:
        raise TableError(f"{_where(file, f'{key}.step')} should be positive, "
                         f"not {result.step}")
    return result


# How each TOML type of a [vary] entry is read: a table, not an if-chain.
_VARY_RULES: dict[type, Callable] = {list: _choices, dict: _int_range}


def read_vary(file: str, vary: dict) -> dict:
    """The rules of a [vary] table, by name.

    Raises:
        TableError: an entry is neither a non-empty list nor a valid integer range.
    """
    rules = {}
    for name, rule in vary.items():
        reader = _VARY_RULES.get(type(rule))
        if reader is None:
            raise TableError(f"{_where(file, f'vary.{name}')} should be a non-empty list or "
                             f"a table {{min, max, step}}, not {type(rule).__name__}")
        rules[name] = reader(file, f"vary.{name}", rule)
    return rules


@dataclass(frozen=True)
class Option:
    """What a judge option must be: a description for messages, and the test."""

    expected: str
    valid: Callable[[object], bool]


TOLERANCE = Option("a finite number ≥ 0", lambda v: (_is_int(v) or isinstance(v, float))
                   and math.isfinite(v) and v >= 0)
FLAG = Option("true or false", lambda v: isinstance(v, bool))
NAME = Option("a name such as \"n\"", lambda v: isinstance(v, str) and v.isidentifier())
NAMES = Option("a list of names", lambda v: isinstance(v, list)
               and all(isinstance(x, str) and x.isidentifier() for x in v))
COUNT = Option("an integer from 1 to 100", lambda v: _is_int(v) and 1 <= v <= 100)
STEPS = Option("a non-empty list of integers from 1 to 50", lambda v: isinstance(v, list)
               and bool(v) and all(_is_int(x) and 1 <= x <= 50 for x in v))
ALIASES = Option("a table of text = text", lambda v: isinstance(v, dict)
                 and all(isinstance(x, str) for x in v.values()))

_NUMBER = {"tolerance": TOLERANCE, "rel_tol": TOLERANCE, "abs_tol": TOLERANCE}

# The options each answer type's judge accepts (see rnnsym.answers' judges), and what each
# must be. The keys are also the answer types a problem may have.
JUDGE_OPTIONS: dict[str, dict[str, Option]] = {
    "integer": {"name": NAME},
    "number": {**_NUMBER, "name": NAME},
    "equation": {**_NUMBER, "name": NAME},
    "expression": {"symbols": NAMES, "name": NAME, "points": COUNT},
    "chain": {"partial_credit": FLAG},
    "general": {"var": NAME, "steps": STEPS, "partial_credit": FLAG},
    "matrix": {**_NUMBER, "oriented": FLAG, "partial_credit": FLAG},
    "shape": {},
    "choice": {"aliases": ALIASES},
    "jacobian": {},
}

RENAMED = {"tolerance": "rel_tol"}  # the name a file may use → the judge's keyword


def read_judge(file: str, answer: str, table: dict) -> dict:
    """The judge's keyword arguments from a [judge] table, checked against JUDGE_OPTIONS.

    Raises:
        TableError: an option the answer type's judge does not take, or a bad value.
    """
    allowed = JUDGE_OPTIONS[answer]
    options = {}
    for key, value in table.items():
        where = _where(file, f"judge.{key}")
        if key not in allowed:
            takes = ", ".join(allowed) or "no options"
            raise TableError(f"{where} is not an option of {answer} answers "
                             f"(they take: {takes})")
        if not allowed[key].valid(value):
            raise TableError(f"{where} should be {allowed[key].expected}, not {value!r}")
        keyword = RENAMED.get(key, key)
        if keyword in options:
            raise TableError(f"{where} repeats {keyword!r}; give one of them")
        options[keyword] = value
    return options
