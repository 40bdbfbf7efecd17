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
