"""Self-tests of a problem, run on many variants (as STACK runs question tests).

For each seed that draws a new variant: the key, written as a student would type it
(rnnsym.keys.key_text), must be judged correct, and each of the problem's [[wrong]] answers,
with the variant's {values} filled in, must be judged not correct and get its listed
feedback category. A key without a text form is not tested (see has_key_text); the wrong
answers still are.

Example:
    >>> from rnnsym.problems import load_bank
    >>> self_test(load_bank()["params-161"], seeds=(None, 0))
    ()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rnnsym.keys import KEY_TEXT, key_text

DEFAULT_SEEDS: tuple[int | None, ...] = (None, *range(20))  # the base values, then seeds 0…19


@dataclass(frozen=True)
class Failure:
    """One self-test that failed.

    Attributes:
        problem: the problem's id.
        seed: the variant's seed (None: the base values).
        what: what failed, in one line.
    """

    problem: str
    seed: int | None
    what: str

    def as_dict(self) -> dict:
        return {"problem": self.problem, "seed": self.seed, "what": self.what}


def seeds_upto(count: int) -> tuple[int | None, ...]:
    """None (the base values) and the seeds 0 … count − 1."""
    return (None, *range(count))


def has_key_text(problem) -> bool:
    """Whether the problem's key can be written as text, and so be self-tested."""
    return problem.answer in KEY_TEXT


def self_test(problem, seeds: Iterable[int | None] = DEFAULT_SEEDS) -> tuple[Failure, ...]:
    """The failures of a problem's self-tests over `seeds` (empty when all pass).

    A seed that draws a variant already tested is skipped: a problem without [vary] is
    tested once, on its base values.
    """
    failures: list[Failure] = []
    tested: list[dict] = []  # a list, not a set: values may be lists
    for seed in seeds:
        variant = problem.variant(seed)
        if variant in tested:
            continue
        tested.append(variant)
        failures.extend(Failure(problem.id, seed, what) for what in _test_variant(problem, seed))
    return tuple(failures)


def _test_variant(problem, seed) -> list[str]:
    from rnnsym.checking import check_problem
    from rnnsym.pitfalls import fill

    try:
        text = key_text(problem.answer, problem.key(seed), problem.solution(seed))
    except (ValueError, TypeError) as error:  # SolveError, or values the solver cannot take
        return [f"the key cannot be computed: {error}"]
    tests = [(text, None)] if text is not None else []
    values = problem.variant(seed)
    tests += [(fill(wrong.answer, values), wrong.category) for wrong in problem.wrong]
    failed = []
    for answer, category in tests:
        try:
            result = check_problem(problem, answer, seed)
        except (ValueError, TypeError) as error:
            failed.append(f"judging {answer!r} failed ({type(error).__name__}: {error})")
            continue
        failed.extend(_judged_wrongly(answer, category, result))
    return failed


def _judged_wrongly(answer: str, category: str | None, result) -> list[str]:
    categories = [item.category for item in result.feedback]
    if category is None and result.verdict != "correct":
        why = f" ({result.feedback[0].message})" if result.feedback else ""
        return [f"the key {answer!r} is judged {result.verdict}{why}"]
    if category is not None and result.verdict == "correct":
        return [f"the wrong answer {answer!r} is judged correct"]
    if category is not None and category not in categories:
        got = ", ".join(categories) or "no feedback"
        return [f"the wrong answer {answer!r} gets {got}, not {category}"]
    return []
