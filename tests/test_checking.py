import pytest

import rnnsym
from rnnsym.checking import check
from rnnsym.problems import ProblemError, load_bank

BANK = load_bank()


@pytest.mark.parametrize("problem_id", sorted(BANK))
def test_key_is_judged_correct(problem_id):
    key = BANK[problem_id].key()
    key = key.tolist() if hasattr(key, "tolist") else key  # a NumPy key, as a student types it
    assert check(problem_id, str(key)).verdict == "correct"


@pytest.mark.parametrize(("problem_id", "wrong"),
                         [(p.id, w) for p in BANK.values() for w in p.wrong])
def test_wrong_answers_get_their_category(problem_id, wrong):
    from rnnsym.pitfalls import fill

    result = check(problem_id, fill(wrong.answer, BANK[problem_id].variant()))
    assert result.verdict in ("incorrect", "partial")
    assert wrong.category in [f.category for f in result.feedback]


def test_params_161_from_the_notes():
    # The notes' worked example: n·n/2 + (n/2)² + 2·n/2 = 161 gives n = 14.
    assert BANK["params-161"].key() == 14
    assert check("params-161", "n = 14").verdict == "correct"
    assert rnnsym.check("params-161", "14").score == 2
    assert check("params-161", "-46/3").verdict == "incorrect"
    assert check("params-161", "15").score == 0


def test_params_count_by_hand():
    # 14·7 + 7·7 + 7·2 = 161 weights.
    assert check("params-count", "161").verdict == "correct"


def test_architecture_sentiment_is_many_to_one():
    assert check("architecture", "many-to-one").verdict == "correct"
    assert check("architecture", "one-to-one").verdict == "incorrect"


def test_unknown_problem():
    with pytest.raises(ProblemError, match="nope"):
        check("nope", "1")


@pytest.mark.parametrize(("problem_id", "answer"), [
    ("gamma", "1/4"),             # max of s(1 − s) at s = 1/2
    ("gamma", "0.25"),
    ("bound", "vanishing"),       # γλ = 3/4 < 1
    ("dims", "(14, 7)"),          # row convention: U is n × d
    ("clip", "[3/5, 4/5]"),       # ‖(3, 4)‖ = 5, scaled to norm 1
    ("clip", "[0.6, 0.8]"),
])
def test_values_from_the_notes(problem_id, answer):
    assert check(problem_id, answer).verdict == "correct"


@pytest.mark.parametrize(("problem_id", "answer"), [
    ("gamma", "1"), ("bound", "exploding"), ("dims", "(7, 14)"), ("clip", "[3, 4]"),
])
def test_wrong_values(problem_id, answer):
    assert check(problem_id, answer).verdict == "incorrect"
