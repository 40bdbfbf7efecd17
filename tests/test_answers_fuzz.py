"""Hostile and random answers: no input runs code, writes a file or escapes the time budget;
every input ends in a verdict or an AnswerError.

The in-process part runs with os.system, subprocess, exec and file opening replaced by
functions that fail the test, in an empty working directory that must stay empty. Answers
that check() sends to the sandbox are then judged there for real, with the deadline.
"""

import builtins
import io
import os
import re
import shutil
import subprocess
import time
import types
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnsym.answers import AnswerError, Sandbox, check, parse, parse_shape, parse_template
from rnnsym.answers.verdict import Feedback, Verdict
from rnnsym.notation import partial

BUDGET = 1.0  # seconds for one in-process check; the typical check takes milliseconds
CORPUS = Path(__file__).with_name("hostile_inputs.txt")
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")

HEAD = partial("L_4", "y_4") * partial("y_4", "s_4")
KEY = [HEAD * partial("s_4", "W"), HEAD * partial("s_4", "s_3") * partial("s_3", "W")]


def general_key(t):
    return [partial(f"L_{t}", f"s_{k}") for k in range(1, t + 1)]


def corpus() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    decoded = [_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), line)
               for line in lines if line and not line.startswith("# ")]
    return decoded + [
        "(" * 10_000 + ")" * 10_000,
        "-" * 1_500 + "1",
        "x" * 1_999,
        "1+" * 999 + "1",
        "1" * 100_000,
        "\ud800",  # a lone surrogate
        "2^" * 900 + "2",
        "[" * 500 + "]" * 500,
        "sum(k=1..2, " * 40 + "x" + ")" * 40,
        "dL4/dy4 " * 400,
    ]


class Refusing:
    """A sandbox stand-in: records that an answer was sent away, runs nothing."""

    def __init__(self):
        self.sent: list[str] = []

    def run(self, func, answer, key, /, timeout=None, **options):
        self.sent.append(answer)
        return Verdict("invalid", 0.0, None, (Feedback("sent", "sent to the sandbox"),))


def _forbidden(*args, **kwargs):
    raise AssertionError(f"an answer tried to run or open something: {args!r}")


def _guarded_exec(original):
    """exec/eval/compile for the import system's code objects (SymPy imports lazily), but
    never for text, which is what running an answer would need."""
    def replacement(source, *args, **kwargs):
        if isinstance(source, types.CodeType) and os.path.isfile(source.co_filename):
            return original(source, *args, **kwargs)
        raise AssertionError(f"an answer tried to run code: {source!r}")
    return replacement


_LOCKED = ((os, ("system", "popen", "execv", "execve", "fork", "remove", "unlink", "rename",
                  "mkdir", "rmdir")),
           (subprocess, ("Popen", "run", "call", "check_output")),
           (builtins, ("open",)), (io, ("open",)), (shutil, ("rmtree", "copy", "move")))


@contextmanager
def locked_down(directory: Path):
    """In an empty directory, with no way to start programs, exec code or open files."""
    saved = [(module, name, getattr(module, name)) for module, names in _LOCKED
             for name in names]
    cwd = os.getcwd()
    os.chdir(directory)
    for module, name, _ in saved:
        setattr(module, name, _forbidden)
    for name in ("exec", "eval", "compile"):
        saved.append((builtins, name, getattr(builtins, name)))
        setattr(builtins, name, _guarded_exec(getattr(builtins, name)))
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
        os.chdir(cwd)
    assert list(directory.iterdir()) == []


@pytest.fixture(scope="module")
def warm():
    for text in ("dL4/dy4 dy4/ds4 ds4/dW", "[[1]]", "(14, 7)", "n = 14", "sqrt(2)"):
        judge_everything(text, Refusing())  # load SymPy's lazily imported modules first


def judge_everything(text: str, sandbox) -> list[Verdict]:
    """Read text every way and check it as every kind; return the verdicts."""
    for reader in (parse, parse_shape, parse_template):
        try:
            reader(text)
        except AnswerError as error:
            assert error.message and error.category
    return [
        check("integer", text, 14, sandbox=sandbox),
        check("number", text, 0.25, abs_tol=1e-3, sandbox=sandbox),
        check("expression", text, "n*d", sandbox=sandbox),
        check("matrix", text, [[1, 2], [3, 4]], sandbox=sandbox),
        check("shape", text, (14, 7), sandbox=sandbox),
        check("choice", text, "many-to-one", sandbox=sandbox),
        check("chain", text, KEY, sandbox=sandbox),
        check("general", text, general_key, steps=range(1, 4), sandbox=sandbox),
    ]


def assert_safe(text: str, sandbox) -> None:
    start = time.perf_counter()
    verdicts = judge_everything(text, sandbox)
    elapsed = time.perf_counter() - start
    assert elapsed < 8 * BUDGET, f"{text[:60]!r} took {elapsed:.2f} s"
    for verdict in verdicts:
        assert verdict.verdict in ("correct", "incorrect", "partial", "invalid")
        assert all(f.message for f in verdict.feedback)


def test_the_hostile_corpus_in_process(warm, tmp_path):
    sandbox = Refusing()
    for text in corpus():
        with locked_down(tmp_path):
            assert_safe(text, sandbox)


FRAGMENTS = ["dL4/dy4", "∂s₃/∂s₂", "ds_k/dW", "(", ")", "+", "-", "*", "/", "^", "**", "9",
             "99", "0", "1.5", "x", "n", "_", "_{", "}", "{", "[", "]", ",", "=", "..",
             "sum(k=1..", "Σ_{k=1}^{", "Π_{i=k+1}^{t}", r"\frac{", r"\partial ", "σ'(",
             "sigma(", "diag(", "exp(", "log(", "t", "k", "\u202e", "\x00", "²", "·",
             "__import__", "'", '"', "lambda", ".", "e", "×", "\\", " "]


@settings(derandomize=True, max_examples=250, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)))
def test_random_answers_in_process(warm, tmp_path, text):
    with locked_down(tmp_path):
        assert_safe(text, Refusing())


def test_answers_sent_to_the_sandbox_finish_within_the_deadline(tmp_path, monkeypatch):
    """What the in-process path refuses to judge is judged in the worker, with a deadline."""
    monkeypatch.chdir(tmp_path)
    refusing = Refusing()
    for text in corpus():
        judge_everything(text, refusing)
    assert refusing.sent  # the corpus has answers that need the sandbox
    with Sandbox(timeout=1.0) as sandbox:
        for text in dict.fromkeys(refusing.sent):
            start = time.perf_counter()
            verdicts = judge_everything(text, sandbox)
            assert time.perf_counter() - start < 8 * (1.0 + BUDGET)
            assert all(v.verdict in ("correct", "incorrect", "partial", "invalid")
                       for v in verdicts)
    assert list(tmp_path.iterdir()) == []
