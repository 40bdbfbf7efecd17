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


GAMMA = '''id = "g"
title = "gamma"
statement = "γ for {activation}?"
kind = "bound"
answer = "number"
field = "gamma"
[values]
activation = "sigmoid"
lam = 3
'''


PARAMS = '''id = "p"
title = "t"
statement = "inputs of length {input}"
kind = "params"
answer = "integer"
[values]
input = 6
hidden = 3
output = 2
[vary]
input = {min = 4, max = 12, step = 2}
'''


def _bank(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text)
    return load_bank(tmp_path)


def test_judge_tolerance_from_the_problem_file(tmp_path):
    # γ = 1/4 exactly; 0.251 is 0.4 % off.
    strict = _bank(tmp_path, g=GAMMA)
    assert check("g", "0.251", bank=strict).verdict == "incorrect"
    loose = _bank(tmp_path, g=GAMMA + "[judge]\ntolerance = 0.01\n")
    assert check("g", "0.251", bank=loose).verdict == "correct"
    assert check("g", "0.26", bank=loose).verdict == "incorrect"  # 4 % off


def test_equation_answer_names_its_unknown(tmp_path):
    bank = _bank(tmp_path, g=GAMMA.replace('"number"', '"equation"')
                 + '[judge]\nname = "gamma"\n')
    assert check("g", "gamma = 1/4", bank=bank).verdict == "correct"
    result = check("g", "lambda = 1/4", bank=bank)
    assert result.verdict == "incorrect"
    assert "wrong_variable" in [f.category for f in result.feedback]


def test_check_sheet_uses_the_students_variants(tmp_path):
    from rnnsym.checking import check_sheet
    from rnnsym.problems import student_seed
    from rnnsym.sheets import Sheet

    bank = load_bank()
    seed = student_seed("params-count", "ada", "s3cret")
    variant = bank["params-count"].variant(seed)
    n, d, k = variant["input"], variant["hidden"], variant["output"]
    count = n * d + d * d + d * k  # U, W and V without biases, by hand
    sheet = Sheet("ada", {"params-161": "n = 14", "params-count": str(count),
                          "gamma": "1", "nope": "3", "dims": "(14,"})
    result = check_sheet(sheet, secret="s3cret")
    verdicts = {r.problem: r.verdict for r in result.results}
    assert verdicts == {"params-161": "correct", "params-count": "correct",
                        "gamma": "incorrect", "nope": "invalid", "dims": "invalid"}
    assert [r.problem for r in result.results] == list(sheet.answers)
    assert result.unknown == ("nope",)
    assert result.results[3].feedback[0].category == "unknown_problem"
    assert result.score == 2 + 1 and result.max_score == 2 + 1 + 1 + 0 + 1
    assert result.results[1].variant == variant
    data = result.as_dict()
    assert set(data) == {"student", "results", "score", "max_score"}
    assert data["student"] == "ada" and len(data["results"]) == 5


def test_self_test_of_the_shipped_bank_passes():
    from rnnsym.selftest import self_test

    for problem in BANK.values():
        assert self_test(problem, seeds=(None, 0, 1)) == ()


def test_self_test_finds_bad_wrong_answers_and_keys(tmp_path):
    from rnnsym.selftest import self_test

    wrong = ('[[wrong]]\nanswer = "1/4"\ncategory = "gamma_tanh"\n'
             '[[wrong]]\nanswer = "1/"\ncategory = "gamma_tanh"\n')
    bank = _bank(tmp_path, g=GAMMA + wrong)
    # Without [vary] every seed draws the base values: they are tested once.
    failures = self_test(bank["g"], seeds=(None, 5, 6))
    assert [(f.seed, f.what) for f in failures] == [
        (None, "the wrong answer '1/4' is judged correct"),
        (None, "the wrong answer '1/' gets syntax, not gamma_tanh"),
    ]
    # A key that the judge cannot accept: γ is 1/4, but the judge only takes integers.
    bank = _bank(tmp_path, g=GAMMA.replace('"number"', '"integer"'))
    (failure,) = self_test(bank["g"], seeds=(None,))
    assert failure.what.startswith("the key '1/4' is judged incorrect")


def test_self_test_covers_each_distinct_variant(tmp_path):
    from rnnsym.selftest import self_test

    # The key 4·3 + 3² + 3·2 = 27 holds only where input = 4: listed as a wrong answer it is
    # judged correct there, and at no other variant.
    text = PARAMS + '[[wrong]]\nanswer = "27"\ncategory = "biases"\nmessage = "b"\n'
    bank = _bank(tmp_path, p=text)
    seeds = list(range(40))
    fours = [s for s in seeds if bank["p"].variant(s)["input"] == 4]
    assert fours  # 40 draws from 5 values
    failures = self_test(bank["p"], seeds=seeds)
    assert [(f.seed, f.what) for f in failures] == [
        (fours[0], "the wrong answer '27' is judged correct")]


def test_an_answer_right_only_for_the_base_values_is_named():
    # Base values 14, 7, 2: 14·7 + 7² + 7·2 = 161 weights (the notes' example).
    bank = load_bank()
    problem = bank["params-count"]
    seed = next(s for s in range(50) if problem.variant(s)["input"] != 14)
    result = check("params-count", "161", seed=seed, bank=bank)
    assert result.verdict == "incorrect"
    assert result.feedback[0].category == "base_variant"
    assert f"input = {problem.variant(seed)['input']}" in result.feedback[0].message
    other = check("params-count", "162", seed=seed, bank=bank)
    assert "base_variant" not in {f.category for f in other.feedback}
    base = check("params-count", "162", bank=bank)
    assert "base_variant" not in {f.category for f in base.feedback}
