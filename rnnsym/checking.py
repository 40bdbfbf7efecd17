"""Check a student's answer to a problem of the bank.

Example:
    >>> check("params-161", "n = 14").verdict
    'correct'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    """The judgement of one answer to one problem.

    Attributes:
        problem: the problem's id.
        variant: the values of the variant that was checked.
        verdict: "correct", "incorrect", "partial" or "invalid" (could not be read).
        score: the marks earned, out of max_score.
        max_score: the problem's points.
        parsed: how the answer was read (an answers Echo), or None.
        feedback: remarks (answers Feedback), most important first.
    """

    problem: str
    variant: dict
    verdict: str
    score: float
    max_score: float
    parsed: object
    feedback: tuple

    def as_dict(self) -> dict:
        """The result as plain JSON-ready data."""
        parsed = None if self.parsed is None else {
            "text": self.parsed.text, "unicode": self.parsed.unicode,
            "latex": self.parsed.latex}
        return {"problem": self.problem, "variant": self.variant, "verdict": self.verdict,
                "score": self.score, "max_score": self.max_score, "parsed": parsed,
                "feedback": [{"category": f.category, "message": f.message}
                             for f in self.feedback]}


# The judge (a kind of rnnsym.answers.check) of an answer type whose name differs: an
# equation `n = 14` is judged as a number, with the unknown's name from [judge].
_JUDGE_KIND = {"equation": "number"}


def _options(problem) -> dict:
    # Extra arguments of the judge, by answer type (a table, not an if-chain), then the
    # problem's own [judge] options.
    extra = {"choice": {"options": problem.options or None}}.get(problem.answer, {})
    return {**extra, **problem.judge}


def _judge(problem, answer: str, seed: int | None, isolate: bool | None, mistakes=()):
    """The Verdict of the problem's judge on `answer` against the key of variant `seed`."""
    from rnnsym.answers import check as judge

    kind = _JUDGE_KIND.get(problem.answer, problem.answer)
    return judge(kind, answer, problem.key(seed), mistakes=mistakes, isolate=isolate,
                 **_options(problem))


def check_problem(problem, answer: str, seed: int | None = None, *,
                  isolate: bool | None = None) -> CheckResult:
    """Judge `answer` to a Problem (variant `seed`; None: base values).

    `isolate` says where the judge runs (see answers.check): False inside a grading worker,
    which has its own deadline; None decides by the answer.

    Example:
        >>> from rnnsym.problems import load_bank
        >>> check_problem(load_bank()["gamma"], "0.25").verdict
        'correct'
    """
    from rnnsym.pitfalls import mistakes as known_mistakes

    # [[wrong]] rows, then computed pitfalls
    verdict = _judge(problem, answer, seed, isolate, known_mistakes(problem, seed))
    feedback = tuple(verdict.feedback)
    if verdict.verdict in ("incorrect", "partial"):
        feedback = _other_variant(problem, answer, seed, isolate) + feedback
    return CheckResult(problem=problem.id, variant=problem.variant(seed),
                       verdict=verdict.verdict, score=verdict.score * problem.points,
                       max_score=problem.points, parsed=verdict.parsed, feedback=feedback)


def _other_variant(problem, answer: str, seed: int | None, isolate: bool | None) -> tuple:
    """A remark when a wrong answer is right for the base values (the notes' numbers)
    rather than for the student's own variant; else ()."""
    from rnnsym.answers import Feedback

    mine, base = problem.variant(seed), problem.variant(None)
    if seed is None or mine == base:
        return ()
    if _judge(problem, answer, None, isolate).verdict != "correct":
        return ()
    differ = [name for name in mine if mine[name] != base.get(name)]
    said = lambda values: ", ".join(f"{n} = {values[n]}" for n in differ)  # noqa: E731
    return (Feedback("base_variant", f"that is the answer for the base values "
                     f"({said(base)}); your variant has {said(mine)}"),)


def check(problem_id: str, answer: str, seed: int | None = None, bank=None, *,
          student: str | None = None, secret: str | None = None,
          isolate: bool | None = None) -> CheckResult:
    """Judge `answer` to the problem `problem_id` (variant `seed`; None: base values).

    Args:
        bank: a dict of problems (from load_bank), or a directory; the shipped bank by default.
        student: a student id: the variant is the student's own (see problems.student_seed),
            keyed by `secret` when one is given. Overrides `seed`.
        isolate: where the judge runs (see answers.check); False inside a grading worker,
            which has its own deadline.

    Raises:
        ProblemError: unknown problem, or a malformed bank.
    """
    from rnnsym.problems import ProblemError, load_bank, student_seed

    problems = bank if isinstance(bank, dict) else load_bank(bank)
    if problem_id not in problems:
        raise ProblemError(f"no problem {problem_id!r}; choose one of: {', '.join(problems)}")
    problem = problems[problem_id]
    if student is not None:
        seed = student_seed(problem.id, student, secret)
    return check_problem(problem, answer, seed, isolate=isolate)


@dataclass(frozen=True)
class SheetResult:
    """The judgement of a student's whole answer sheet.

    Attributes:
        student: the sheet's student; each problem's variant is theirs.
        results: one CheckResult per answer, in the sheet's order. An answer to a problem
            the bank does not have is "invalid", scores 0 of 0 and has the feedback
            category "unknown_problem".
        unknown: the problem ids of the sheet that the bank does not have.
        score: the marks earned over all answers.
        max_score: the points of the problems answered (unknown ones count 0).
    """

    student: str
    results: tuple[CheckResult, ...]
    unknown: tuple[str, ...]
    score: float
    max_score: float

    def as_dict(self) -> dict:
        """The result as plain JSON-ready data."""
        return {"student": self.student, "results": [r.as_dict() for r in self.results],
                "score": self.score, "max_score": self.max_score}


def _unknown(problem_id: str) -> CheckResult:
    from rnnsym.answers import Feedback

    message = f"no problem {problem_id!r} in the bank (`rnnsym problems list` lists them)"
    return CheckResult(problem=problem_id, variant={}, verdict="invalid", score=0.0,
                       max_score=0, parsed=None,
                       feedback=(Feedback("unknown_problem", message),))


def check_sheet(sheet, bank=None, *, secret: str | None = None) -> SheetResult:
    """Judge every answer of a sheet (sheets.Sheet), each in the student's own variant.

    Args:
        sheet: the student and their answers (problem id → text).
        bank: a dict of problems, or a directory; the shipped bank by default.
        secret: the course secret that keys the students' variants, if any.

    Raises:
        ProblemError: a malformed bank (an unknown problem id is a result, not an error).

    Example:
        >>> from rnnsym.sheets import Sheet
        >>> check_sheet(Sheet("ada", {"gamma": "1/4", "nope": "1"})).unknown
        ('nope',)
    """
    from rnnsym.problems import load_bank, student_seed

    problems = bank if isinstance(bank, dict) else load_bank(bank)
    results = []
    for problem_id, answer in sheet.answers.items():
        problem = problems.get(problem_id)
        if problem is None:
            results.append(_unknown(problem_id))
            continue
        seed = student_seed(problem.id, sheet.student, secret)
        results.append(check_problem(problem, answer, seed))
    unknown = tuple(p for p in sheet.answers if p not in problems)
    return SheetResult(student=sheet.student, results=tuple(results), unknown=unknown,
                       score=sum(r.score for r in results),
                       max_score=sum(r.max_score for r in results))
