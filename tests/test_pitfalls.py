"""Computed pitfalls: each wrong answer is worked out here by hand for the variant."""

from dataclasses import replace
from fractions import Fraction

import pytest

from rnnsym.checking import check
from rnnsym.pitfalls import PITFALLS, fill, mistakes, pitfalls
from rnnsym.problems import load_bank

BANK = load_bank()


def by_category(problem, seed=None) -> dict:
    return {m.category: m.answer for m in pitfalls(problem, seed)}


def with_values(problem_id: str, **values):
    problem = BANK[problem_id]
    return replace(problem, values={**problem.values, **values}, vary={})


def test_fill_replaces_only_the_variants_names():
    assert fill("dL{t}/dy{t} + ds_{i-1} + {x}", {"t": 5}) == "dL5/dy5 + ds_{i-1} + {x}"
    assert fill(r"\frac{a}{b}", {"a": 1}) == r"\frac1{b}"  # a value's name is filled anywhere


@pytest.mark.parametrize("seed", [None, *range(8)])
def test_params_count_with_biases_by_hand(seed):
    problem = BANK["params-count"]
    v = problem.variant(seed)
    n, d, k = v["input"], v["hidden"], v["output"]
    assert by_category(problem, seed)["counted_biases"] == n * d + d * d + d * k + d + k
    result = check("params-count", str(n * d + d * d + d * k + d + k), seed)
    assert result.feedback[0].category == "counted_biases"


def test_the_reverse_forgetting_the_biases():
    problem = with_values("params-count", bias="single", input=3, hidden=2, output=1)
    # Keras's SimpleRNN + Dense: 3·2 + 2·2 + 2 (b) + 2·1 + 1 (c) = 15; without biases 12.
    assert problem.key() == 15
    assert by_category(problem)["forgot_biases"] == 12
    assert "counted_biases" not in by_category(problem)
    result = check(problem.id, "12", bank={problem.id: problem})
    assert result.feedback[0].category == "forgot_biases"


def test_params_161_negative_root_by_hand():
    # 3n²/4 + n = 161 ⇔ 3n² + 4n − 644 = 0 ⇔ n = (−4 ± 88)/6: 14 or −46/3.
    assert by_category(BANK["params-161"]) == {"negative_root": Fraction(-46, 3)}
    assert check("params-161", "n = -46/3").feedback[0].category == "negative_root"


def test_gamma_of_the_other_activation():
    assert by_category(BANK["gamma"]) == {"gamma_tanh": 1}
    tanh = with_values("gamma", activation="tanh")
    assert by_category(tanh) == {"gamma_sigmoid": Fraction(1, 4)}
    result = check("gamma", "1/4", bank={"gamma": tanh})
    assert result.feedback[0].category == "gamma_sigmoid"


def test_clipping_compares_the_norm_first():
    # ‖(3, 4)‖ = 5 > 1: not scaling is the mistake; elementwise gives (1, 1).
    assert by_category(BANK["clip"]) == {"not_clipped": [3, 4], "elementwise_clip": [1, 1]}
    # ‖(0.3, 0.4)‖ = 0.5 ≤ 1: scaling to (0.6, 0.8) is the mistake.
    below = by_category(BANK["clip-below"])
    assert below == {"needless_clip": [Fraction(3, 5), Fraction(4, 5)]}
    result = check("clip", "[3, 4]")
    assert result.feedback[0].category == "not_clipped"
    assert "threshold" in result.feedback[0].message


def test_dims_in_the_other_convention():
    assert by_category(BANK["dims"])["transposed"] == (7, 14)  # U is n × d in rows


def test_jacobian_mistakes_by_hand():
    found = by_category(BANK["jacobian-numeric"])
    # W = [[2, −1], [4, 3]], a = 0: σ(0) = 1/2, σ'(0) = 1/4.
    assert found["missing_sigma_prime"] == [[2, -1], [4, 3]]
    assert found["sigma_not_prime"] == [[1, -0.5], [2, 1.5]]


def test_a_pitfall_that_is_the_key_is_left_out():
    # For tanh at a = 0, σ'(0) = 1: the Jacobian is W itself, so W is no mistake.
    tanh = with_values("jacobian-numeric", activation="tanh")
    assert "missing_sigma_prime" not in by_category(tanh)
    bank = {"jacobian-numeric": tanh}
    assert check("jacobian-numeric", "[[2, -1], [4, 3]]", bank=bank).verdict == "correct"


def test_forward_mistakes_by_hand():
    import math

    found = by_category(BANK["forward"])
    assert found["before_activation"] == [[1.0, 1.5]]  # a_1 = U x_1 + W s_0
    sig = [1 / (1 + math.exp(-1)), 1 / (1 + math.exp(-1.5))]
    assert found["wrong_activation"][0] == pytest.approx(sig)


@pytest.mark.parametrize("steps", [3, 5])
def test_terms_mistakes_by_hand(steps):
    found = by_category(with_values("terms", steps=steps))
    assert found == {"one_loss_only": steps, "all_pairs": steps * steps}


def test_listed_answers_come_first_and_are_filled():
    listed = mistakes(BANK["bptt-general"], seed=None)
    assert listed[0].category == "term_count" and listed[0].message


def test_listed_answers_without_a_message_are_tests_only():
    # bptt-dW lists last_step_only without a message: the chain judge must find it alone.
    assert all(m.message for m in mistakes(BANK["bptt-dW"], seed=None))
    assert "last_step_only" in {w.category for w in BANK["bptt-dW"].wrong}


def test_every_category_has_a_message_in_the_units_terms():
    for kind, rows in PITFALLS.items():
        for row in rows:
            assert row.category.isidentifier() and len(row.message) > 20, (kind, row)
