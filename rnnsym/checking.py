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


def _options(problem) -> dict:
    # Extra arguments of the judge, by answer type: a table, not an if-chain.
    return {"choice": {"options": problem.options or None}}.get(problem.answer, {})


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
    from rnnsym.answers import check as judge
    from rnnsym.pitfalls import mistakes as known_mistakes
    from rnnsym.problems import ProblemError, load_bank, student_seed

    problems = bank if isinstance(bank, dict) else load_bank(bank)
    if problem_id not in problems:
        raise ProblemError(f"no problem {problem_id!r}; choose one of: {', '.join(problems)}")
    problem = problems[problem_id]
    if student is not None:
        seed = student_seed(problem.id, student, secret)
    mistakes = known_mistakes(problem, seed)  # [[wrong]] rows, then computed pitfalls
    verdict = judge(problem.answer, answer, problem.key(seed), mistakes=mistakes,
                    isolate=isolate, **_options(problem), **problem.judge)
    return CheckResult(problem=problem.id, variant=problem.variant(seed),
                       verdict=verdict.verdict, score=verdict.score * problem.points,
                       max_score=problem.points, parsed=verdict.parsed,
                       feedback=tuple(verdict.feedback))
