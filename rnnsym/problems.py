"""The problem bank: TOML files, one problem each, with keys computed by the solvers.

A file holds: id, title, statement (a template with {name} fields), kind (the solver that
computes the key), answer (how the answer is judged), points, [values] (the solver's
arguments), optional [vary] (name → list of choices, drawn from a seed), optional hints and
[[wrong]] answers (answer, category, message). Keys are never typed by hand.

Example:
    >>> load_bank()["params-161"].key()
    14
"""

from __future__ import annotations

import hashlib
import hmac
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ANSWER_TYPES = ("integer", "number", "expression", "chain", "shape", "choice", "equation",
                "matrix", "general", "jacobian")
BANK_DIR = Path(__file__).parent / "bank"

# Required keys and the type each must have: checked as a table, not an if-chain.
_REQUIRED = {"id": str, "title": str, "statement": str, "kind": str, "answer": str,
             "values": dict}
_OPTIONAL = {"points": (int, float), "vary": dict, "hints": list, "wrong": list,
             "options": list, "field": str, "judge": dict}
# The judge's options a problem may set in [judge], and their types.
_JUDGE = {"rel_tol": (int, float), "abs_tol": (int, float)}


SECRET_ENV = "RNNSYM_SECRET"  # the environment variable that holds the course secret


def student_seed(problem_id: str, student: str, secret: str | None = None) -> int:
    """The seed of a student's variant of a problem: the same on any machine and Python.

    With a course secret it is HMAC-SHA256(secret, student, problem), so no one can predict
    another student's variant without the secret; without one, a plain SHA-256 (practice).

    Example:
        >>> student_seed("params-count", "ada") == student_seed("params-count", "ada")
        True
        >>> student_seed("params-count", "ada") != student_seed("params-count", "ada", "k")
        True
    """
    message = f"{student}\x00{problem_id}".encode()
    if secret:
        digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    else:
        digest = hashlib.sha256(message).digest()
    return int.from_bytes(digest[:8], "big")


class ProblemError(ValueError):
    """A problem file is malformed, or a problem id is unknown."""


@dataclass(frozen=True)
class Wrong:
    """A known wrong answer and the feedback category it must get."""

    answer: str
    category: str
    message: str = ""


@dataclass(frozen=True)
class Problem:
    """One problem of the bank (see the module docstring for the fields)."""

    id: str
    title: str
    statement: str
    kind: str
    answer: str
    values: dict
    points: float = 1
    vary: dict = field(default_factory=dict)
    judge: dict = field(default_factory=dict)  # the judge's options: rel_tol, abs_tol
    hints: tuple[str, ...] = ()
    wrong: tuple[Wrong, ...] = ()
    options: tuple[str, ...] = ()
    field: str = "key"

    def variant(self, seed: int | None = None) -> dict:
        """The values of a variant: the base values for None, else drawn from the seed.

        Example:
            >>> load_bank()["params-161"].variant()["total"]
            161
        """
        values = dict(self.values)
        for name in sorted(self.vary) if seed is not None else ():
            choices = self.vary[name]
            digest = hashlib.sha256(f"{self.id}:{name}:{seed}".encode()).digest()
            values[name] = choices[int.from_bytes(digest[:8], "big") % len(choices)]
        return values

    def text(self, seed: int | None = None) -> str:
        """The statement filled with the variant's values."""
        return self.statement.format(**self.variant(seed))

    def solution(self, seed: int | None = None):
        """The solver's result (key and steps) for the variant."""
        from rnnsym.solvers import solver

        return solver(self.kind)(**self.variant(seed))

    def key(self, seed: int | None = None):
        """The key of the variant, computed by the solver of the problem's kind."""
        result = self.solution(seed)
        # `field` picks one part of the result: an attribute (gamma) or an entry of the key (U).
        if isinstance(result.key, dict) and self.field in result.key:
            return result.key[self.field]
        return getattr(result, self.field)


def _expect(path: Path, key: str, value, types) -> None:
    if not isinstance(value, types):
        names = getattr(types, "__name__", None) or " or ".join(t.__name__ for t in types)
        raise ProblemError(f"{path.name}: key {key!r} should be {names}, "
                           f"not {type(value).__name__}")


def _fields(path: Path, template: str) -> set[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and not name.isidentifier():
            raise ProblemError(f"{path.name}: key 'statement' field {{{name}}} should be "
                               "a plain name (no attribute or index access)")
        if name:
            names.add(name)
    return names


def load_problem(path: Path) -> Problem:
    """Read and validate one problem file.

    Raises:
        ProblemError: the file is not TOML or a key is missing or of the wrong type.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProblemError(f"{path.name}: not a readable TOML file ({error})") from None
    for key, types in _REQUIRED.items():
        if key not in data:
            raise ProblemError(f"{path.name}: key {key!r} is missing (expected {types.__name__})")
        _expect(path, key, data[key], types)
    for key, types in _OPTIONAL.items():
        if key in data:
            _expect(path, key, data[key], types)
    if data["answer"] not in ANSWER_TYPES:
        raise ProblemError(f"{path.name}: key 'answer' should be one of "
                           f"{', '.join(ANSWER_TYPES)}, not {data['answer']!r}")
    from rnnsym.solvers import KINDS

    if data["kind"] not in KINDS:
        raise ProblemError(f"{path.name}: key 'kind' should be one of {', '.join(KINDS)}")
    for name, choices in data.get("vary", {}).items():
        if not isinstance(choices, list) or not choices:
            raise ProblemError(f"{path.name}: key 'vary.{name}' should be a non-empty list")
    missing = _fields(path, data["statement"]) - set(data["values"])
    if missing:
        raise ProblemError(f"{path.name}: key 'statement' uses {sorted(missing)}, "
                           "which [values] does not give")
    for name, value in data.get("judge", {}).items():
        if name not in _JUDGE:
            raise ProblemError(f"{path.name}: key 'judge.{name}' should be one of "
                               f"{', '.join(_JUDGE)}")
        _expect(path, f"judge.{name}", value, _JUDGE[name])
    wrong = []
    for i, item in enumerate(data.get("wrong", [])):
        if not isinstance(item, dict) or not {"answer", "category"} <= set(item):
            raise ProblemError(f"{path.name}: key 'wrong[{i}]' should be a table with "
                               "answer and category")
        wrong.append(Wrong(str(item["answer"]), str(item["category"]),
                           str(item.get("message", ""))))
    return Problem(id=data["id"], title=data["title"], statement=data["statement"],
                   kind=data["kind"], answer=data["answer"], values=data["values"],
                   points=data.get("points", 1), vary=data.get("vary", {}),
                   hints=tuple(data.get("hints", ())), wrong=tuple(wrong),
                   options=tuple(data.get("options", ())),
                   field=data.get("field", "key"), judge=data.get("judge", {}))


def load_bank(directory: str | Path | None = None) -> dict[str, Problem]:
    """All problems of a directory of TOML files (the shipped bank by default), by id.

    Raises:
        ProblemError: a file is malformed, or two files share an id.
    """
    directory = Path(directory or BANK_DIR)
    if not directory.is_dir():
        raise ProblemError(f"{directory.name}: not a directory of problem files")
    bank: dict[str, Problem] = {}
    for path in sorted(directory.glob("*.toml")):
        problem = load_problem(path)
        if problem.id in bank:
            raise ProblemError(f"{path.name}: key 'id' {problem.id!r} is used twice")
        bank[problem.id] = problem
    return bank
