"""A realistic class to grade: N students × the bank's problems, as a long-form CSV.

Run: PYTHONPATH=. python benchmarks/make_class.py [--students 500] [--seed 0] [--out FILE]

Each student answers every problem of the shipped bank (the list is read from load_bank()
when the script runs, so new problems join the class by themselves), for their own variant
(rnnsym.problems.student_seed, keyed by --secret when given). The mix, drawn from the seed:
right answers typed the ways students type them, the bank's known wrong answers and other
near misses, unreadable text, hostile strings from tests/hostile_inputs.txt, empty cells,
problems left out, and answers given twice (a wrong one corrected: the last one counts).
The same seed gives the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# What each answer of the class is, and how often: the weights of the mix.
MIX: Mapping[str, float] = {"right": 0.55, "wrong": 0.22, "unreadable": 0.06,
                            "hostile": 0.02, "empty": 0.06, "omitted": 0.05,
                            "corrected": 0.04}
UNREADABLE = ("x+", "((14", "n =", "1/", "[1, 2", "∂L/∂", "see my notes", "14 15 ]", "=",
              ")(", "dL4/dy4 *", "[3, 4]]", "idk ???", "14,,7", "sqrt(", "^2")
HOSTILE_FILE = Path(__file__).resolve().parents[1] / "tests" / "hostile_inputs.txt"
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class Answer:
    """One row of the class: the answer as typed, and what kind of answer it was made to be."""

    student: str
    problem: str
    answer: str
    kind: str


def _text(value) -> str:
    from sympy import sstr

    return value if isinstance(value, str) else sstr(value)


def _entries(value, show: Callable) -> str:
    rows = value.tolist() if hasattr(value, "tolist") else value
    if isinstance(rows, list | tuple):
        return "[" + ", ".join(_entries(x, show) for x in rows) + "]"
    return show(rows)


def _decimal(value) -> str:
    return repr(float(value))


def _unicode_sum(value) -> str:
    from sympy import Add

    from rnnsym.notation import to_unicode

    try:
        return " + ".join(to_unicode(term) for term in Add.make_args(value))
    except ValueError:  # a term with a coefficient (a wrong answer): plain text then
        return _text(value)


# How students type a key, by answer type: each a function of the key's value.
STYLES: Mapping[str, tuple[Callable, ...]] = {
    "integer": (_text, lambda k: f" {_text(k)}"),
    "number": (_text, _decimal),
    "shape": (lambda s: "×".join(map(str, s)), lambda s: str(tuple(s)),
              lambda s: "x".join(map(str, s))),
    "matrix": (lambda m: _entries(m, _text), lambda m: _entries(m, _decimal)),
    "choice": (_text, lambda c: _text(c).upper()),
    "chain": (_text, _unicode_sum),
    "expression": (_text, lambda e: _text(e).replace("**", "^")),
    "equation": (_text,),
    "general": (_text,),
}


def _drop_a_term(value):
    from sympy import Add, Mul

    terms = Add.make_args(value)
    if len(terms) > 1:
        return Add(*terms[:-1])
    swapped = Mul(*reversed(Mul.make_args(value)))  # one product: its factors out of order
    return swapped if swapped != value else 2 * value


# Near misses by answer type, computed from the key: a slip that a real student makes.
SLIPS: Mapping[str, Callable] = {
    "integer": lambda k: k + 1,
    "number": lambda k: 2 * k,
    "shape": lambda s: tuple(reversed(s)),
    "matrix": lambda m: [2 * x for x in m],
    "chain": _drop_a_term,
    "expression": _drop_a_term,
    "general": lambda formula: formula.replace("k=1", "k=2"),
}


def hostile_strings(path: Path = HOSTILE_FILE) -> list[str]:
    """The hostile corpus of the tests, escapes decoded (a few of its own when absent)."""
    if not path.exists():
        return ["__import__('os').system('touch pwned')", "9**9**9**9", "\\input{x}"]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), line)
            for line in lines]


class _Keys:
    """Keys and known mistakes per variant, computed once: a class shares few variants."""

    def __init__(self, problems: Mapping):
        self.problems = problems
        self.cache: dict = {}

    def get(self, problem_id: str, seed: int) -> tuple:
        problem = self.problems[problem_id]
        variant = repr(sorted(problem.variant(seed).items()))
        if (problem_id, variant) not in self.cache:
            key = problem.key(seed)
            if problem.answer == "general":  # the key is t ↦ terms; students type the formula
                key = getattr(problem.solution(seed), "formula", key)
            self.cache[problem_id, variant] = (key, self._mistakes(problem, seed))
        return self.cache[problem_id, variant]

    @staticmethod
    def _mistakes(problem, seed: int) -> list:
        try:  # the bank's computed pitfalls, where this version of rnnsym has them
            from rnnsym.pitfalls import mistakes
        except ImportError:
            return [w.answer for w in problem.wrong]
        return [m.answer for m in mistakes(problem, seed)]


def _right(problem, key, rng) -> str:
    styles = STYLES.get(problem.answer, (_text,))
    return styles[int(rng.integers(len(styles)))](key)


def _wrong(problem, key, known: list, rng) -> str:
    candidates = list(known)
    if problem.answer == "choice":
        candidates += [o for o in problem.options if o != key]
    elif problem.answer in SLIPS:
        try:
            candidates.append(SLIPS[problem.answer](key))
        except (TypeError, ValueError):
            pass  # no slip of this shape for this key
    if not candidates:
        return "0"
    choice = candidates[int(rng.integers(len(candidates)))]
    return choice if isinstance(choice, str) else _right(problem, choice, rng)


def _answers(student: str, problem, keys: _Keys, seed: int, kind: str, rng,
             hostile: list[str]) -> list[Answer]:
    key, known = keys.get(problem.id, seed)

    def row(text: str, made: str = kind) -> Answer:
        return Answer(student, problem.id, text, made)

    made = {
        "right": lambda: [row(_right(problem, key, rng))],
        "wrong": lambda: [row(_wrong(problem, key, known, rng))],
        "unreadable": lambda: [row(UNREADABLE[int(rng.integers(len(UNREADABLE)))])],
        "hostile": lambda: [row(hostile[int(rng.integers(len(hostile)))])],
        "empty": lambda: [row("")],
        "omitted": lambda: [],
        "corrected": lambda: [row(_wrong(problem, key, known, rng), "wrong"),
                              row(_right(problem, key, rng))],
    }
    return made[kind]()


def make_class(students: int = 500, *, seed: int = 0, bank=None,
               secret: str | None = None) -> list[Answer]:
    """The rows of a class, student by student, problem by problem (see the module doc).

    Example:
        >>> rows = make_class(2, seed=1)
        >>> sorted({r.student for r in rows})
        ['s0001', 's0002']
    """
    from rnnsym.problems import load_bank, student_seed

    problems = bank if isinstance(bank, dict) else load_bank(bank)
    keys, hostile = _Keys(problems), hostile_strings()
    rng = np.random.default_rng(seed)
    kinds, weights = list(MIX), np.array(list(MIX.values()))
    rows: list[Answer] = []
    for n in range(1, students + 1):
        student = f"s{n:04d}"
        for problem in problems.values():
            kind = kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))]
            variant_seed = student_seed(problem.id, student, secret)
            rows += _answers(student, problem, keys, variant_seed, kind, rng, hostile)
    return rows


def write_csv(path: str | Path, rows: list[Answer]) -> None:
    """Write the rows as a long-form CSV: student, problem, answer."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(("student", "problem", "answer"))
        writer.writerows((r.student, r.problem, r.answer) for r in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--secret", default=None, help="the course secret of the variants")
    parser.add_argument("--bank", default=None, help="a bank directory (default: shipped)")
    parser.add_argument("--out", default="class.csv")
    args = parser.parse_args(argv)
    rows = make_class(args.students, seed=args.seed, bank=args.bank, secret=args.secret)
    write_csv(args.out, rows)
    counts = {kind: sum(r.kind == kind for r in rows) for kind in MIX}
    print(f"{args.out}: {len(rows)} rows, {args.students} students; "
          + ", ".join(f"{kind} {n}" for kind, n in counts.items() if n), file=sys.stderr)


if __name__ == "__main__":
    main()
