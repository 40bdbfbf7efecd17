"""The benchmark's class generator: deterministic, the mix it promises, answers that are
what they claim to be (checked one by one on a small class), and a CSV that reads back."""

import csv
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from rnnsym.checking import check
from rnnsym.problems import load_bank

PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "make_class.py"
spec = importlib.util.spec_from_file_location("make_class", PATH)
make_class_module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = make_class_module  # dataclasses look their module up there
spec.loader.exec_module(make_class_module)
make_class, write_csv, MIX = (make_class_module.make_class, make_class_module.write_csv,
                              make_class_module.MIX)

BANK = load_bank()


@pytest.fixture(scope="module")
def small():
    return make_class(8, seed=3)


def test_the_same_seed_gives_the_same_class(small):
    assert make_class(8, seed=3) == small
    assert make_class(8, seed=4) != small


def test_every_student_and_problem_is_there_unless_omitted(small):
    students = {f"s{n:04d}" for n in range(1, 9)}
    assert {r.student for r in small} == students
    assert {r.problem for r in small} <= set(BANK)
    pairs = Counter((r.student, r.problem) for r in small)
    assert set(pairs.values()) <= {1, 2}  # twice only when a wrong answer was corrected
    assert len(pairs) <= 8 * len(BANK)


def test_right_answers_are_right_for_the_students_variant(small):
    right = [r for r in small if r.kind in ("right", "corrected")]
    assert right
    for r in right:
        result = check(r.problem, r.answer, bank=BANK, student=r.student)
        assert result.verdict == "correct", r


def test_wrong_answers_are_wrong(small):
    wrong = [r for r in small if r.kind == "wrong"]
    assert wrong
    for r in wrong:
        assert check(r.problem, r.answer, bank=BANK, student=r.student).verdict != "correct", r


def test_a_corrected_answer_comes_after_the_wrong_one(small):
    by_pair = {}
    for r in small:
        by_pair.setdefault((r.student, r.problem), []).append(r.kind)
    assert all(kinds == ["wrong", "corrected"] for kinds in by_pair.values()
               if len(kinds) == 2)


def test_empty_cells_are_empty(small):
    assert all(r.answer == "" for r in small if r.kind == "empty")


def test_the_mix_of_a_large_class():
    rows = make_class(400, seed=0)
    pairs = 400 * len(BANK)
    # each pair draws one kind: a corrected pair gives a "wrong" row and a "corrected" row
    kinds = Counter(r.kind for r in rows)
    drawn = {**kinds, "wrong": kinds["wrong"] - kinds["corrected"]}
    drawn["omitted"] = pairs - sum(drawn.values())
    for kind, weight in MIX.items():
        assert abs(drawn.get(kind, 0) / pairs - weight) < 0.03, kind


def test_hostile_strings_come_from_the_corpus_decoded():
    strings = make_class_module.hostile_strings()
    assert "__import__('os').system('touch pwned')" in strings
    assert "1\x002" in strings and "1\u202e2" in strings  # escapes decoded


def test_the_csv_reads_back(small, tmp_path):
    path = tmp_path / "class.csv"
    write_csv(path, small)
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["student", "problem", "answer"]
    assert rows[1:] == [[r.student, r.problem, r.answer] for r in small]
