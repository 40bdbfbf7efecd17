"""rnnsym: derive, compute, solve and grade the vanilla recurrent neural network.

The package's public functions import their modules on first use, so that
`import rnnsym` and `rnnsym --help` stay fast (no SymPy or NumPy until needed).
"""

__all__ = ["Model", "ModelError", "__version__", "check", "derive", "grade"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Model and ModelError load on first use: `rnnsym --help` should not pay for the tables.
    if name in ("Model", "ModelError"):
        from rnnsym import model

        return getattr(model, name)
    raise AttributeError(f"module 'rnnsym' has no attribute {name!r}")


def derive(param: str, steps: int = 4, **options):
    """Derive ∂L/∂θ by backpropagation through time: see rnnsym.derivation.derive.

    Returns a rnnsym.derivation.Derivation: its terms, counts, SymPy expression (`.expr`),
    `.to_latex()`, `.to_markdown()`, `.as_dict()` and `.verify(dims)`.

    Example:
        >>> d = derive("W", steps=4)
        >>> d.count, d.terms[1].factors
        (10, (('L_2', 'y_2'), ('y_2', 's_2'), ('s_2', 'W')))
    """
    from rnnsym.derivation import derive as _derive

    return _derive(param, steps, **options)


def check(problem_id: str, answer: str, seed: int | None = None, bank=None, *,
          student: str | None = None, secret: str | None = None):
    """Check an answer to a problem of the bank: see rnnsym.checking.check (and
    rnnsym.checking.check_sheet for a whole answer sheet).

    Example:
        >>> check("params-161", "14").verdict
        'correct'
    """
    from rnnsym.checking import check as _check

    return _check(problem_id, answer, seed=seed, bank=bank, student=student, secret=secret)


def grade(submissions, bank=None, jobs: int | None = None, timeout: float = 5.0,
          secret: str | None = None, problems=None, *, out=None):
    """Grade a class: see rnnsym.grading.run.grade and the README.

    Args:
        submissions: a CSV file, an answer sheet, a directory of sheets, or a dict
            {student: {problem: answer}}.
        bank: a directory of problems (the shipped bank by default).
        jobs: worker processes (default: the CPU count).
        timeout: seconds per answer; a check that takes longer is stopped ("timeout").
        secret: the course secret that keys each student's variant.
        problems: the problems each student should answer (default: all that appear).
        out: a directory to write the reports to (default: none are written).

    Returns:
        a GradeRun: .rows (one dict per student and problem), .timings, .summary,
        .problems, .warnings, .ungraded and .as_dict() — plain data.

    Example:
        >>> run = grade({"ada": {"params-161": "14", "gamma": "1"}}, jobs=1)
        >>> [(r["problem"], r["status"]) for r in run.rows]
        [('gamma', 'incorrect'), ('params-161', 'correct')]
    """
    from rnnsym.grading.run import grade as _grade

    return _grade(submissions, bank=bank, jobs=jobs, timeout=timeout, secret=secret,
                  problems=problems, out=out)
