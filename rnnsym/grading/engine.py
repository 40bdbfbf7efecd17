"""Grade answers: the pure function of one answer, and a pool of worker processes.

`grade_answer(problem, answer, seed, bank_dir)` is a pure function of its arguments: it
returns plain data and never raises, so any executor can map it (concurrent.futures, a
cluster). `Pool` runs it in `jobs` persistent worker processes (answers.Sandbox): each
worker imports SymPy and loads the bank once, then grades answer after answer; an answer
that misses the deadline has its worker killed (and replaced), which stops even a
computation stuck inside C.

Example:
    >>> grade_answer("params-161", "n = 14")["status"]
    'correct'
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

STATUSES = ("correct", "partial", "incorrect", "invalid", "missing", "timeout", "error")
UNGRADED = ("timeout", "error")  # rnnsym could not grade these: exit code 1
ERROR_MESSAGE = ("this answer could not be graded because of a fault in the grader; "
                 "it has been reported")
WARM_TIMEOUT = 120.0  # seconds for a new worker to load the bank and the solvers

_banks: dict[str, dict] = {}  # bank directory → problems, loaded once per process


def _bank(bank_dir: str | Path | None) -> dict:
    from rnnsym.problems import load_bank

    name = str(bank_dir or "")
    if name not in _banks:
        _banks[name] = load_bank(bank_dir)
    return _banks[name]


def warm(bank_dir: str | Path | None = None, problems: Iterable[str] = ()) -> int:
    """Load the bank and compute the listed problems' base keys, so that the imports they
    need are paid before any answer's deadline starts. Returns the bank's size."""
    bank = _bank(bank_dir)
    for problem in problems:
        if problem in bank:
            bank[problem].key()
    return len(bank)


def unjudged(status: str, feedback: list[dict], error: str | None = None) -> dict:
    """The result of an answer that got no verdict from its judge: no score, no reading."""
    return {"status": status, "score": 0.0, "max_score": 0.0, "parsed": None,
            "feedback": feedback, "error": error}


def error_result(error: BaseException) -> dict:
    """The result of an answer that rnnsym failed to grade (status "error")."""
    return unjudged("error", [{"category": "grader_error", "message": ERROR_MESSAGE}],
                     f"{type(error).__name__}: {error}")


def grade_answer(problem_id: str, answer: str, seed: int | None = None,
                 bank_dir: str | Path | None = None) -> dict:
    """Grade one answer in this process, without a deadline; never raises.

    Args:
        problem_id: a problem of the bank.
        answer: the answer as typed.
        seed: the variant's seed (problems.student_seed for a student's own variant).
        bank_dir: the bank's directory; the shipped bank by default. Loaded once per process.

    Returns:
        {"status", "score", "max_score", "parsed" (plain text or None), "feedback"
        ([{"category", "message"}]), "error" (None, or the fault for status "error")}.

    Example:
        >>> grade_answer("gamma", "1")["feedback"][0]["category"]
        'gamma_tanh'
    """
    from rnnsym.checking import check

    try:
        data = check(problem_id, answer, seed, bank=_bank(bank_dir), isolate=False).as_dict()
    except MemoryError:  # the answer is too large for the worker's memory: the student's
        from rnnsym.answers.sandbox import MEMORY_MESSAGE

        return unjudged("invalid", [{"category": "too_large", "message": MEMORY_MESSAGE}])
    except Exception as error:  # noqa: BLE001 — a fault in rnnsym is recorded, not raised
        return error_result(error)
    return {"status": data["verdict"], "score": float(data["score"]),
            "max_score": float(data["max_score"]),
            "parsed": data["parsed"]["text"] if data["parsed"] else None,
            "feedback": data["feedback"], "error": None}


@dataclass(frozen=True)
class Task:
    """One answer to grade: who, which problem, the text, and the variant's seed."""

    student: str
    problem: str
    answer: str
    seed: int | None


def _stopped(verdict, timeout: float) -> dict:
    # The sandbox answers for a worker it had to stop: deadline missed, or out of memory.
    feedback = [{"category": f.category, "message": f.message} for f in verdict.feedback]
    if feedback and feedback[0]["category"] == "timeout":
        return unjudged("timeout", feedback,
                         f"no verdict within {timeout:g} s; the check was stopped")
    return unjudged("invalid", feedback)


class Pool:
    """`jobs` worker processes grading answers with a per-answer deadline.

    Args:
        jobs: the number of workers (default: the CPU count).
        timeout: seconds for one answer; a worker that misses it is killed and replaced.
        bank_dir: the bank's directory (None: the shipped bank).
        grader: the module-level function run for each answer, with grade_answer's
            signature (tests put a slow one here).
        problems: problems whose keys each worker computes once before its first answer.
    """

    def __init__(self, jobs: int | None = None, timeout: float = 5.0,
                 bank_dir: str | Path | None = None, *,
                 grader: Callable[..., dict] = grade_answer, problems: Iterable[str] = ()):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.timeout = timeout
        self.bank_dir = str(Path(bank_dir).resolve()) if bank_dir else None
        self.grader = grader
        self.problems = tuple(problems)

    def _grade(self, box, task: Task) -> tuple[dict, bool]:
        """(the result, whether the worker was stopped and replaced)."""
        try:
            result = box.run(self.grader, task.problem, task.answer, task.seed,
                             self.bank_dir, timeout=self.timeout)
        except Exception as error:  # noqa: BLE001 — raised in the worker, or no worker
            return error_result(error), False
        if isinstance(result, dict):
            return result, False
        return _stopped(result, self.timeout), True

    def _work(self, box, todo: queue.Queue, done: queue.Queue, stop: threading.Event):
        warmed = False
        while not stop.is_set():
            try:
                task = todo.get_nowait()
            except queue.Empty:
                return
            if not warmed:  # on a new worker: its start-up is not any answer's time
                try:
                    box.run(warm, self.bank_dir, self.problems, timeout=WARM_TIMEOUT)
                except Exception:  # noqa: BLE001, S110 — the answer's own run will report it
                    pass
                warmed = True
            start = time.perf_counter()
            result, replaced = self._grade(box, task)
            warmed = not replaced  # a new worker loads the bank before its first answer
            done.put((task, result, time.perf_counter() - start))

    def map(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, dict, float]]:
        """Grade the tasks; yield (task, result, seconds) as each answer is done.

        Tasks are taken in order, so a class sorted by student finishes student by student.
        """
        from rnnsym.answers.sandbox import Sandbox

        tasks = list(tasks)
        todo: queue.Queue = queue.Queue()
        for task in tasks:
            todo.put(task)
        done: queue.Queue = queue.Queue()
        stop = threading.Event()
        boxes = [Sandbox(timeout=self.timeout) for _ in range(min(self.jobs, len(tasks)))]
        for box in boxes:
            box.start()  # all workers import SymPy at once
        threads = [threading.Thread(target=self._work, args=(box, todo, done, stop),
                                    daemon=True) for box in boxes]
        for thread in threads:
            thread.start()
        try:
            for _ in tasks:
                yield done.get()
        finally:  # normal end, or interrupted: let each worker finish its answer, then stop
            stop.set()
            for thread in threads:
                thread.join(self.timeout + 1.0)
            for box in boxes:
                box.close()
