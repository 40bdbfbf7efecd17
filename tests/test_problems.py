import hashlib

import pytest

from rnnsym.problems import ProblemError, load_bank, load_problem

GOOD = '''id = "p"
title = "t"
statement = "inputs of length {input}"
kind = "params"
answer = "integer"
[values]
input = 4
hidden = 3
output = 2
[vary]
input = [4, 6, 8, 10, 12]
'''


def test_shipped_bank_loads():
    bank = load_bank()
    assert {"params-161", "params-count", "architecture"} <= set(bank)


def test_base_and_seeded_variants_are_deterministic(tmp_path):
    (tmp_path / "p.toml").write_text(GOOD)
    problem = load_bank(tmp_path)["p"]
    assert problem.variant() == {"input": 4, "hidden": 3, "output": 2}
    draws = [problem.variant(seed)["input"] for seed in range(20)]
    assert draws == [problem.variant(seed)["input"] for seed in range(20)]
    assert set(draws) <= {4, 6, 8, 10, 12} and len(set(draws)) > 1
    # The key of a variant: 6·3 + 3² + 3·2 = 33 weights, counted by hand.
    seed = draws.index(6)
    assert problem.key(seed) == 33
    assert problem.text(seed) == "inputs of length 6"


@pytest.mark.parametrize(("text", "key"), [
    (GOOD.replace('answer = "integer"', ''), "'answer'"),
    (GOOD.replace('answer = "integer"', 'answer = "essay"'), "'answer'"),
    (GOOD.replace('title = "t"', 'title = 3'), "'title'"),
    (GOOD.replace("{input}", "{input.real}"), "'statement'"),
    (GOOD.replace("{input}", "{missing}"), "'statement'"),
    (GOOD.replace("input = [4, 6, 8, 10, 12]", "input = []"), "'vary.input'"),
])
def test_malformed_file_names_file_and_key(tmp_path, text, key):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ProblemError) as error:
        load_problem(path)
    assert "bad.toml" in str(error.value) and key in str(error.value)


def test_not_toml(tmp_path):
    (tmp_path / "x.toml").write_text("id = ")
    with pytest.raises(ProblemError, match="x.toml"):
        load_bank(tmp_path)


RANGE = GOOD.replace("input = [4, 6, 8, 10, 12]", "input = {min = 4, max = 16, step = 2}")


def _draw_by_hand(problem_id: str, name: str, seed: int, values: list):
    # The documented rule, computed here with hashlib alone: SHA-256 of "id:name:seed",
    # first 8 bytes big-endian, modulo the number of values.
    digest = hashlib.sha256(f"{problem_id}:{name}:{seed}".encode()).digest()
    return values[int.from_bytes(digest[:8], "big") % len(values)]


def test_integer_range_draws_are_pinned(tmp_path):
    (tmp_path / "p.toml").write_text(RANGE)
    problem = load_bank(tmp_path)["p"]
    values = list(range(4, 17, 2))
    for seed in range(30):
        assert problem.variant(seed)["input"] == _draw_by_hand("p", "input", seed, values)
    # Pinned: a change of the hash, its input or the indexing changes every class's variants.
    assert problem.variant(2)["input"] == 10 and problem.variant(1)["input"] == 6
    # 10·3 + 3² + 3·2 = 45 and 6·3 + 9 + 6 = 33 weights, by hand.
    assert problem.key(2) == 45 and problem.key(1) == 33
    assert problem.variant() == {"input": 4, "hidden": 3, "output": 2}


def test_list_choices_draw_as_before(tmp_path):
    (tmp_path / "p.toml").write_text(GOOD)
    problem = load_bank(tmp_path)["p"]
    for seed in range(30):
        expected = _draw_by_hand("p", "input", seed, [4, 6, 8, 10, 12])
        assert problem.variant(seed)["input"] == expected


def test_range_step_defaults_to_one(tmp_path):
    (tmp_path / "p.toml").write_text(RANGE.replace(", step = 2", ""))
    problem = load_bank(tmp_path)["p"]
    assert problem.vary["input"].values() == tuple(range(4, 17))
    assert {problem.variant(s)["input"] for s in range(200)} == set(range(4, 17))


@pytest.mark.parametrize(("rule", "words"), [
    ("{min = 4, max = 2}", ["vary.input", "min (4) should be at most max (2)"]),
    ("{min = 4, max = 16, step = 0}", ["vary.input.step", "positive"]),
    ("{min = 4, max = 16, step = -2}", ["vary.input.step", "positive"]),
    ("{min = 4.5, max = 16}", ["vary.input.min", "integer", "float"]),
    ("{min = 4, max = true}", ["vary.input.max", "integer", "bool"]),
    ("{max = 16}", ["vary.input.min", "missing"]),
    ("{min = 4, max = 16, by = 2}", ["vary.input", "unknown keys ['by']"]),
    ('"4..16"', ["vary.input", "non-empty list or a table"]),
])
def test_bad_integer_range(tmp_path, rule, words):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace("input = [4, 6, 8, 10, 12]", f"input = {rule}"))
    with pytest.raises(ProblemError) as error:
        load_problem(path)
    assert str(error.value).startswith("bad.toml: ")
    for word in words:
        assert word in str(error.value)


def test_judge_options_are_read(tmp_path):
    text = GOOD.replace('answer = "integer"', 'answer = "number"') + \
        "[judge]\ntolerance = 0.05\nabs_tol = 1\nname = \"n\"\n"
    (tmp_path / "p.toml").write_text(text)
    assert load_bank(tmp_path)["p"].judge == {"rel_tol": 0.05, "abs_tol": 1, "name": "n"}


@pytest.mark.parametrize(("answer", "table", "words"), [
    ("integer", "tolerance = 0.1", ["judge.tolerance", "integer answers", "name"]),
    ("number", "rel_tol = -1", ["judge.rel_tol", "≥ 0", "-1"]),
    ("number", 'rel_tol = "0.1"', ["judge.rel_tol", "finite number"]),
    ("number", "tolerance = 0.1\nrel_tol = 0.2", ["judge.rel_tol", "repeats 'rel_tol'"]),
    ("chain", 'partial_credit = "yes"', ["judge.partial_credit", "true or false"]),
    ("shape", "partial_credit = true", ["judge.partial_credit", "no options"]),
    ("general", 'var = "t k"', ["judge.var", "a name"]),
    ("matrix", "mistakes = []", ["judge.mistakes", "matrix answers"]),
])
def test_bad_judge_options(tmp_path, answer, table, words):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace('answer = "integer"', f'answer = "{answer}"')
                    + f"[judge]\n{table}\n")
    with pytest.raises(ProblemError) as error:
        load_problem(path)
    assert str(error.value).startswith("bad.toml: key 'judge.")
    for word in words:
        assert word in str(error.value)
