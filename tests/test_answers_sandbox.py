"""The sandbox: a judge stuck inside C is killed at the deadline, and the next check works."""

import sys
import time

import pytest

from rnnsym.answers import TIMEOUT_MESSAGE, Sandbox, check, judge_integer
from rnnsym.answers.verdict import Verdict
from rnnsym.notation import partial


def slow_judge(answer, key, **options):
    """A judge stuck in C: a signal alarm could not interrupt this integer power."""
    return pow(3, 10**11)


def greedy_judge(answer, key, **options):
    return bytearray(64 * 2**30)  # 64 GiB, far above the worker's memory limit


def failing_judge(answer, key, **options):
    raise KeyError("a bug in a judge")


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(timeout=0.5) as box:
        yield box


def test_a_judge_runs_in_the_worker(sandbox):
    assert sandbox.run(judge_integer, "n = 14", 14, name="n").verdict == "correct"


def test_a_slow_judge_is_killed_at_the_deadline_and_reported_invalid(sandbox):
    start = time.perf_counter()
    verdict = sandbox.run(slow_judge, "x", 1)
    elapsed = time.perf_counter() - start
    assert verdict == Verdict("invalid", 0.0, None, verdict.feedback)
    assert [(f.category, f.message) for f in verdict.feedback] == [("timeout", TIMEOUT_MESSAGE)]
    assert TIMEOUT_MESSAGE == ("this answer could not be checked in time; write it in a "
                               "simpler form")
    assert 0.5 <= elapsed < 5
    # the worker was replaced: the next check works
    assert sandbox.run(judge_integer, "14", 14).verdict == "correct"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_a_judge_that_needs_too_much_memory_is_invalid(sandbox):
    verdict = sandbox.run(greedy_judge, "x", 1, timeout=30)
    assert verdict.verdict == "invalid" and verdict.feedback[0].category == "too_large"
    assert sandbox.run(judge_integer, "14", 14).verdict == "correct"


def test_a_bug_in_a_judge_is_raised_in_the_caller(sandbox):
    with pytest.raises(KeyError, match="a bug in a judge"):
        sandbox.run(failing_judge, "x", 1, timeout=30)
    assert sandbox.run(judge_integer, "14", 14).verdict == "correct"


class Recorder:
    """A stand-in sandbox that records what it is asked to run."""

    def __init__(self):
        self.calls = []

    def run(self, func, /, *args, timeout=None, **kwargs):
        self.calls.append(func.__name__)
        return func(*args, **kwargs)


def test_check_judges_bounded_answers_in_process_and_others_in_the_sandbox():
    box = Recorder()
    assert check("integer", "14", 14, sandbox=box).verdict == "correct"
    assert check("chain", "dL1/dW", [partial("L_1", "W")], sandbox=box).verdict == "correct"
    assert check("choice", "a", "a", sandbox=box).verdict == "correct"
    assert check("shape", "14x7", (14, 7), sandbox=box).verdict == "correct"
    assert box.calls == []
    assert check("integer", "sqrt(196)", 14, sandbox=box).verdict == "correct"  # 14 exactly
    assert check("number", "sqrt(2)", 1.41421356, rel_tol=1e-8, sandbox=box).verdict == "correct"
    assert check("expression", "d(n + d)", "n*d + d**2", sandbox=box).verdict == "correct"
    assert check("shape", "d x n", "(d, n)", sandbox=box).verdict == "correct"
    assert box.calls == ["judge_number", "judge_expression", "judge_shape"]


def test_check_through_a_real_sandbox(sandbox):
    verdict = check("expression", "d(n + d)", "n*d + d**2", sandbox=sandbox)
    assert verdict.verdict == "correct" and verdict.parsed.latex == "d \\left(d + n\\right)"


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="unknown kind of answer 'essay'"):
        check("essay", "x", "y")
