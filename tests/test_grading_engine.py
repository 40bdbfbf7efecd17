"""The pure grading function and the worker pool: deadlines kill, faults are recorded."""

import os
import time

import pytest

from rnnsym.grading.engine import Pool, Task, grade_answer
from rnnsym.problems import load_bank, student_seed


def slow_grader(problem_id, answer, seed=None, bank_dir=None):
    """Hangs on the answer "slow": its worker must be killed at the deadline."""
    if answer == "slow":
        time.sleep(600)
    return grade_answer(problem_id, answer, seed, bank_dir)


def faulty_grader(problem_id, answer, seed=None, bank_dir=None):
    """Hangs on "slow", crashes on "crash", grades anything else."""
    if answer == "crash":
        raise RuntimeError("a fault inside the grader")
    return slow_grader(problem_id, answer, seed, bank_dir)


def crashing_grader(problem_id, answer, seed=None, bank_dir=None):
    if answer == "crash":
        raise RuntimeError("a fault inside the grader")
    return {**grade_answer(problem_id, answer, seed, bank_dir), "pid": os.getpid()}


@pytest.mark.parametrize(("problem", "answer", "status", "score", "category"), [
    ("params-161", "n = 14", "correct", 2.0, None),  # 14·7 + 7² + 7·2 = 161
    ("gamma", "1", "incorrect", 0.0, "gamma_tanh"),  # tanh's γ, not the sigmoid's 1/4
    ("clip", "[3/5, 4/5]", "correct", 1.0, None),  # [3, 4] / ‖[3, 4]‖ = [0.6, 0.8]
    ("params-161", "9**9**9**9", "invalid", 0.0, "exponent_too_large"),
    ("params-161", "__import__('os').system('true')", "invalid", 0.0, "bad_character"),
])
def test_grade_answer_returns_plain_data(problem, answer, status, score, category):
    result = grade_answer(problem, answer)
    assert result["status"] == status and result["score"] == score
    assert result["error"] is None
    assert (result["feedback"][0]["category"] if result["feedback"] else None) == category


def test_grade_answer_uses_the_seeds_variant():
    seed = student_seed("params-count", "ada")
    values = load_bank()["params-count"].variant(seed)
    n, d, k = values["input"], values["hidden"], values["output"]
    assert grade_answer("params-count", str(n * d + d * d + d * k), seed)["status"] == "correct"


def test_grade_answer_records_a_fault_instead_of_raising(tmp_path):
    result = grade_answer("gamma", "1/4", None, tmp_path / "no-bank")
    assert result["status"] == "error" and "ProblemError" in result["error"]


def test_an_answer_too_large_for_memory_is_invalid_not_an_error(monkeypatch):
    import rnnsym.checking

    def greedy(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(rnnsym.checking, "check", greedy)
    result = grade_answer("gamma", "1/4")
    assert result["status"] == "invalid" and result["feedback"][0]["category"] == "too_large"


def test_a_slow_answer_is_cut_at_the_deadline_and_the_others_are_graded():
    tasks = [Task("ada", "gamma", "1/4", None), Task("bob", "gamma", "slow", None),
             Task("cy", "gamma", "1", None)]
    start = time.perf_counter()
    done = {t.student: (r, s) for t, r, s in Pool(1, 1.0, grader=slow_grader).map(tasks)}
    assert time.perf_counter() - start < 30
    assert done["ada"][0]["status"] == "correct" and done["cy"][0]["status"] == "incorrect"
    timed_out, seconds = done["bob"]
    assert timed_out["status"] == "timeout" and timed_out["feedback"][0]["category"] == "timeout"
    assert timed_out["error"] == "no verdict within 1 s; the check was stopped"
    assert 1.0 <= seconds < 10


def test_a_crash_is_an_error_and_start_up_is_paid_once_per_worker():
    tasks = [Task(s, "gamma", "crash" if s == "b" else "1/4", None) for s in "abcd"]
    done = {t.student: r for t, r, _ in Pool(1, 30.0, grader=crashing_grader).map(tasks)}
    assert done["b"]["status"] == "error"
    assert done["b"]["error"] == "RuntimeError: a fault inside the grader"
    assert len({done[s]["pid"] for s in "acd"}) == 1  # one worker graded them all
