"""Grade a class: plan the pairs, grade them in worker processes, write the outputs.

Every (student, problem) of the plan ends in exactly one detail row (see grading for its
keys), whatever happened to it. With an output directory, each student's rows are saved as
soon as that student is done, and the end rewrites every file sorted.

Example:
    >>> from rnnsym.grading.inputs import Submissions
    >>> run = grade_submissions(Submissions({"ada": {"gamma": "1/4"}}, "sheet"),
    ...                         Options(jobs=1))
    >>> [(r["student"], r["problem"], r["status"]) for r in run.rows]
    [('ada', 'gamma', 'correct')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rnnsym.grading.engine import UNGRADED, Pool, Task, grade_answer
from rnnsym.grading.plan import Pair, Plan, fixed_result, make_plan
from rnnsym.grading.summary import summarize


@dataclass(frozen=True)
class Options:
    """How to grade (each field is a `rnnsym grade` option of the same name).

    Attributes:
        bank: the bank's directory (None: the shipped bank).
        out: the output directory; None writes nothing.
        jobs: worker processes (None: the CPU count).
        timeout: seconds per answer.
        secret: the course secret that keys students' variants (and pseudonyms).
        problems: the problems each student should answer (None: all that appear).
        points: id → points, overriding the bank's.
        resume: skip pairs already in OUT/details.jsonl.
        anonymize: pseudonyms instead of student ids in every output.
        overrides: a CSV of a grader's decisions (student, problem, score, reason).
        only: regrade these students only (ids or pseudonyms), keeping the others' rows.
        problem: regrade these problems only, keeping the other rows.
        gradescope: also write OUT/gradescope/STUDENT/results.json.
        grader: the function graded in the workers (grade_answer's signature).
    """

    bank: str | Path | None = None
    out: Path | None = None
    jobs: int | None = None
    timeout: float = 5.0
    secret: str | None = None
    problems: tuple[str, ...] | None = None
    points: dict[str, float] | None = None
    resume: bool = False
    anonymize: bool = False
    overrides: Path | None = None
    only: tuple[str, ...] = ()
    problem: tuple[str, ...] = ()
    gradescope: bool = False
    grader: Callable[..., dict] = grade_answer


@dataclass(frozen=True)
class GradeRun:
    """The result of a run, as plain data.

    Attributes:
        rows: the detail rows, sorted by student and problem.
        timings: {"student", "problem", "seconds"} of each answer graded by a worker.
        summary: the run's summary (grading.summary.summarize).
        problems: the graded problems, in order (the columns of grades.csv).
        warnings: what the grader should know (duplicates, unknown problems, …).
        graded: how many rows this run produced (the others were kept from before:
            --resume, --only, --problem).
        titles: problem id → title, for reports.
    """

    rows: list[dict]
    timings: list[dict]
    summary: dict
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    graded: int = 0
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def ungraded(self) -> int:
        """How many answers rnnsym could not grade (timeout, error) and no grader scored."""
        return sum(r["status"] in UNGRADED and "override" not in r for r in self.rows)

    def as_dict(self) -> dict:
        return {"problems": list(self.problems), "graded": self.graded,
                "summary": self.summary, "warnings": list(self.warnings), "rows": self.rows}


class _Run:
    """One run's state: the plan, the names, the rows done, the students still open."""

    def __init__(self, plan: Plan, bank: dict, options: Options, names: dict[str, str],
                 rules: dict, store, previous: dict):
        self.plan, self.bank, self.options, self.names = plan, bank, options, names
        self.rules, self.store, self.previous = rules, store, previous
        self.rows: dict[tuple[str, str], dict] = {}
        self.timings: list[dict] = []
        self.titles = {p.id: p.title for p in bank.values()}
        self.kept: dict[str, dict[str, dict]] | None = None  # previous rows by student

    def seed(self, pair: Pair) -> int:
        from rnnsym.problems import student_seed

        return student_seed(pair.problem, pair.student, self.options.secret)

    def row(self, pair: Pair, result: dict) -> dict:
        """The detail row of a pair: scaled to the plan's points, renamed, overridden."""
        points = self.plan.points.get(pair.problem, 0.0)
        fraction = result["score"] / result["max_score"] if result["max_score"] else 0.0
        problem = self.bank.get(pair.problem)
        variant = problem.variant(self.seed(pair)) if problem and pair.why != "unknown" else {}
        name = self.names.get(pair.student, pair.student)
        row = {"student": name, "problem": pair.problem, "variant": variant,
               "answer": pair.answer, "parsed": result["parsed"], "status": result["status"],
               "score": round(fraction * points, 6), "max_score": points,
               "feedback": result["feedback"], "error": result["error"]}
        return self.override(row, pair.student)

    def override(self, row: dict, student: str) -> dict:
        """The row with the grader's decision for it, if any (by id or by pseudonym)."""
        from rnnsym.grading.overrides import apply_override

        rule = self.rules.get((row["student"], row["problem"])) or self.rules.get(
            (student, row["problem"]))
        return apply_override(row, rule) if rule else row

    def student_done(self, student: str, new: list[dict], timings: list[dict]) -> None:
        """Save a student whose pairs are all done, with their rows kept from before."""
        if self.store is None:
            return
        name = self.names.get(student, student)
        if self.kept is None:  # built once: looking through every row per student is slow
            self.kept = {}
            for (who, problem), row in self.previous.items():
                self.kept.setdefault(who, {})[problem] = row
        rows = self.kept.get(name, {}) | {row["problem"]: row for row in new}
        self.store.student_done(name, new, timings, list(rows.values()), self.titles)


def _selected(pair: Pair, options: Options, names: dict[str, str]) -> bool:
    student_ok = not options.only or {pair.student, names.get(pair.student)} & set(
        options.only)
    return bool(student_ok) and (not options.problem or pair.problem in options.problem)


def _unmatched(plan: Plan, options: Options, names: dict[str, str]) -> tuple[str, ...]:
    """Warnings for --only and --problem values that select nothing."""
    students = {p.student for p in plan.pairs} | set(names.values())
    problems = {p.problem for p in plan.pairs}
    return tuple([f"--only {s}: no such student" for s in options.only if s not in students]
                 + [f"--problem {p}: no such problem in this run" for p in options.problem
                    if p not in problems])


def _names(plan: Plan, options: Options) -> dict[str, str]:
    if not options.anonymize:
        return {}
    from rnnsym.grading.anonymize import anonymizer_key, pseudonym, write_mapping

    key = anonymizer_key(options.out, options.secret)
    names = {s: pseudonym(s, key) for s in sorted({p.student for p in plan.pairs})}
    if options.out is not None:
        write_mapping(options.out, names)
    return names


def _grade(run: _Run, todo: list[Pair], progress) -> None:
    """Grade the pairs, saving each student as soon as all their pairs are done."""
    open_pairs: dict[str, int] = {}
    for pair in todo:
        open_pairs[pair.student] = open_pairs.get(pair.student, 0) + 1
    new: dict[str, list[dict]] = {}
    times: dict[str, list[dict]] = {}

    def finish(pair: Pair, result: dict, seconds: float | None) -> None:
        row = run.row(pair, result)
        run.rows[row["student"], row["problem"]] = row
        new.setdefault(pair.student, []).append(row)
        if seconds is not None:
            timing = {"student": row["student"], "problem": row["problem"],
                      "seconds": round(seconds, 4)}
            run.timings.append(timing)
            times.setdefault(pair.student, []).append(timing)
        open_pairs[pair.student] -= 1
        if open_pairs[pair.student] == 0:
            run.student_done(pair.student, new.pop(pair.student),
                             times.pop(pair.student, []))
        if progress:
            progress(len(run.rows), len(todo))

    tasks, pairs = [], {}
    for pair in todo:
        if pair.why != "grade":
            finish(pair, fixed_result(pair), None)
        else:
            tasks.append(Task(pair.student, pair.problem, pair.answer, run.seed(pair)))
            pairs[pair.student, pair.problem] = pair
    options = run.options
    pool = Pool(options.jobs, options.timeout, options.bank, grader=options.grader,
                problems=run.plan.problems)
    for task, result, seconds in pool.map(tasks):
        finish(pairs[task.student, task.problem], result, seconds)


def grade_submissions(submissions, options: Options = Options(),
                      progress: Callable[[int, int], None] | None = None) -> GradeRun:
    """Grade read submissions (grading.inputs) as `options` say; see the module docstring.

    Args:
        progress: called with (answers done, answers to do) after each answer.

    Raises:
        ProblemError: the bank is malformed.
        UnknownProblems: options.problems names a problem the bank does not have.
        InputError: the overrides file cannot be read.
    """
    from rnnsym.grading.overrides import read_overrides
    from rnnsym.grading.store import Store
    from rnnsym.problems import load_bank

    bank = load_bank(options.bank)
    plan = make_plan(submissions, bank, options.problems, options.points)
    names = _names(plan, options)
    keep = options.resume or bool(options.only or options.problem)
    store = Store(options.out, gradescope=options.gradescope) if options.out else None
    previous, old_timings = store.previous() if store and keep else ({}, {})
    if store:
        rules = store.merge_overrides(options.overrides)
    else:
        rules = read_overrides(options.overrides) if options.overrides else {}
    todo = [p for p in plan.pairs if _selected(p, options, names) and not (
        options.resume and (names.get(p.student, p.student), p.problem) in previous)]
    if store:
        store.start(keep=keep)
    run = _Run(plan, bank, options, names, rules, store, previous)
    _grade(run, todo, progress)
    real = {name: student for student, name in names.items()}
    merged = {k: run.override(r, real.get(k[0], k[0])) for k, r in previous.items()}
    rows = sorted((merged | run.rows).values(), key=lambda r: (r["student"], r["problem"]))
    timings = old_timings | {(t["student"], t["problem"]): t for t in run.timings}
    timings = [timings[k] for k in sorted(timings)]
    if store:
        store.finish(rows, timings, list(plan.problems), run.titles)
    return GradeRun(rows, timings, summarize(rows, timings), plan.problems,
                    plan.warnings + _unmatched(plan, options, names), len(run.rows),
                    run.titles)


def grade(submissions, bank=None, jobs: int | None = None, timeout: float = 5.0,
          secret: str | None = None, problems=None, *, out=None) -> GradeRun:
    """Grade a class: see rnnsym.grade."""
    from rnnsym.grading.inputs import Submissions, read_submissions

    if isinstance(submissions, dict):
        answers = {str(s): {str(p): (a if a is None else str(a)) for p, a in sheet.items()}
                   for s, sheet in submissions.items()}
        submissions = Submissions(answers, "sheets")
    elif not isinstance(submissions, Submissions):
        submissions = read_submissions(submissions)
    options = Options(bank=bank, jobs=jobs, timeout=timeout, secret=secret,
                      problems=tuple(problems) if problems else None,
                      out=Path(out) if out else None)
    return grade_submissions(submissions, options)
