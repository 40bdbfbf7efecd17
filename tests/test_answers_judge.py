"""The chain-rule judge on ∂L₄/∂W at t = 4, and the general-t judge: every feedback category
with a real mistake, the tricks a fraction-reading checker would accept, and partial credit."""

import pytest

from rnnsym.answers import Mistake, judge_chain, judge_general
from rnnsym.notation import partial

# The key, written out by hand from the notes' formula
#   ∂L₄/∂W = Σ_{k=1}^{4} ∂L₄/∂y₄ ∂y₄/∂s₄ (Π_{i=k+1}^{4} ∂s_i/∂s_{i−1}) ∂s_k/∂W:
HEAD = partial("L_4", "y_4") * partial("y_4", "s_4")
K4 = HEAD * partial("s_4", "W")
K3 = HEAD * partial("s_4", "s_3") * partial("s_3", "W")
K2 = HEAD * partial("s_4", "s_3") * partial("s_3", "s_2") * partial("s_2", "W")
K1 = (HEAD * partial("s_4", "s_3") * partial("s_3", "s_2") * partial("s_2", "s_1")
      * partial("s_1", "W"))
KEY = [K4, K3, K2, K1]

T4 = "dL4/dy4 dy4/ds4 ds4/dW"
T3 = "dL4/dy4 dy4/ds4 ds4/ds3 ds3/dW"
T2 = "dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/dW"
T1 = "dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/ds1 ds1/dW"


def answer(*terms):
    return " + ".join(terms)


def categories(verdict):
    return [f.category for f in verdict.feedback]


def messages(verdict):
    return [f.message for f in verdict.feedback]


@pytest.mark.parametrize("text", [
    answer(T4, T3, T2, T1),
    answer(T1, T3, T2, T4),  # the order of the terms does not matter
    "dL4/dy4 dy4/ds4 (ds4/dW + ds4/ds3 (ds3/dW + ds3/ds2 (ds2/dW + ds2/ds1 ds1/dW)))",
    "sum(k=1..4, dL4/dy4 dy4/ds4 prod(i=k+1..4, ds_i/ds_{i-1}) ds_k/dW)",
    "Σ_{k=1}^{4} ∂L₄/∂y₄ ∂y₄/∂s₄ (Π_{i=k+1}^{4} ∂s_i/∂s_{i−1}) ∂s_k/∂W",
    "dL4/dW = " + answer(T4, T3, T2, T1),
])
def test_the_full_expansion_is_correct_in_any_notation(text):
    verdict = judge_chain(text, KEY)
    assert (verdict.verdict, verdict.score, verdict.feedback) == ("correct", 1.0, ())


def test_the_answer_is_echoed():
    verdict = judge_chain(T4, [K4])
    assert verdict.parsed.unicode == "∂L₄/∂y₄⋅∂y₄/∂s₄⋅∂s₄/∂W"


def test_twice_the_total_derivative_is_not_the_expansion():
    # Read as fractions, each term of the key cancels to dL4/dW and the sum of four is
    # 4*dL4/dW; a fraction-reading checker would accept 4*dL4/dW. Here it is refused.
    for text in ("2*dL4/dW", "4 dL4/dW", "dL4/dW"):
        verdict = judge_chain(text, KEY)
        assert verdict.verdict == "incorrect" and verdict.score == 0
        assert categories(verdict)[0] == "total_derivative"
        assert "∂L₄/∂W is the derivative asked for" in messages(verdict)[0]


def test_cancelling_differentials_as_fractions_is_refused():
    verdict = judge_chain("dL4/dy4 * dy4/dW", KEY)  # "the dy4 cancel"
    assert verdict.verdict == "incorrect"
    assert "skipped_step" in categories(verdict)
    verdict = judge_chain("(dL4 dy4)/(dy4 dW)", KEY)  # d·L₄ over d·W: letters, not a chain
    assert categories(verdict)[0] == "not_a_chain"
    verdict = judge_chain("dL4/dy4 (dy4/ds4) / (ds4/dW)", KEY)
    assert verdict.verdict == "invalid" and categories(verdict) == ["divide_by_partial"]


def test_missing_terms_are_named_by_their_path():
    verdict = judge_chain(answer(T4, T3), KEY)
    assert verdict.verdict == "partial" and verdict.score == 0.5
    assert messages(verdict) == ["the path through s₂ (k = 2) is missing",
                                 "the path through s₁ (k = 1) is missing"]


def test_only_the_last_step():
    verdict = judge_chain(T4, KEY)
    assert categories(verdict) == ["last_step_only"]
    assert messages(verdict)[0] == (
        "only the last step's path is given: W is shared by every step, so the paths "
        "through s₃, s₂, s₁ count too")
    assert verdict.score == 0.25


def test_a_duplicated_term_and_a_coefficient():
    verdict = judge_chain(answer(T4, T3, T2, T1, T2), KEY)
    assert categories(verdict) == ["duplicate_term"]
    assert messages(verdict)[0] == ("the path through s₂ (k = 2) is counted 2 times (by a "
                                    "coefficient or by repeating it); it belongs once")
    assert verdict.score == 0.75  # 4 right, 1 extra, out of 4
    verdict = judge_chain(answer("2 " + T4, T3, T2, T1), KEY)
    assert messages(verdict)[0].startswith("the path through s₄ (k = 4) is counted 2 times")


def test_a_coefficient_that_is_not_a_count():
    verdict = judge_chain(answer("-" + T4, T3, T2, T1), KEY)
    assert categories(verdict) == ["coefficient", "missing_term"]
    assert "has the coefficient -1" in messages(verdict)[0]
    verdict = judge_chain(answer("1/2 " + T4, T3, T2, T1), KEY)
    assert "has the coefficient 1/2" in messages(verdict)[0]


def test_a_factor_for_an_edge_that_does_not_exist():
    wrong = "dL4/dy4 dy4/ds3 ds3/dW"  # y₄ depends on s₄, never directly on s₃
    verdict = judge_chain(answer(T4, wrong, T2, T1), KEY)
    assert categories(verdict) == ["nonexistent_edge", "missing_term"]
    assert messages(verdict)[0] == (
        "∂y₄/∂s₃ is not an edge of the network: y₄ depends directly on s₄, V, c")
    verdict = judge_chain(answer(T4, T3, T2, T1, "dL4/dy4 dy4/ds4 ds4/ds5 ds5/dW"), KEY)
    assert "s₅ is not a quantity of this network" in messages(verdict)[0]
    verdict = judge_chain(answer(T4, T3, T2, T1, "dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/ds1 "
                                 "ds1/ds0 ds0/dW"), KEY)
    assert "s₀ depends directly on nothing (it is given)" in messages(verdict)[0]


def test_a_skipped_step():
    verdict = judge_chain(answer(T4, T3, T2, "dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds1 ds1/dW"), KEY)
    assert categories(verdict) == ["skipped_step", "missing_term"]
    assert messages(verdict)[0] == ("∂s₃/∂s₁ skips a step: s₃ depends on s₁ only through s₂; "
                                    "write ∂s₃/∂s₂ ∂s₂/∂s₁")


def test_a_broken_chain():
    verdict = judge_chain(answer(T4, T3, "dL4/dy4 dy4/ds4 ds4/ds3 ds2/dW", T1), KEY)
    assert categories(verdict) == ["broken_chain", "missing_term"]
    assert messages(verdict)[0] == ("the chain breaks between ∂s₄/∂s₃ and ∂s₂/∂W: "
                                    "s₃ is not s₂")


def test_factors_out_of_order():
    verdict = judge_chain(answer(T4, "dL4/dy4 dy4/ds4 ds3/dW ds4/ds3", T2, T1), KEY)
    assert categories(verdict) == ["out_of_order", "missing_term"]
    assert messages(verdict)[0].startswith("the factors of ∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₃/∂W ∂s₄/∂s₃ "
                                           "are out of order")


def test_a_path_to_the_wrong_weight():
    verdict = judge_chain(answer(T4, T3, T2, T1, "dL4/dy4 dy4/ds4 ds4/dU"), KEY)
    assert categories(verdict) == ["wrong_end"]
    assert "ends at U, not at W" in messages(verdict)[0]


def test_an_extra_path_beyond_a_truncated_key():
    # Truncated BPTT with K = 2 keeps the terms with t − k < 2: k = 4 and k = 3.
    verdict = judge_chain(answer(T4, T3, T2), [K4, K3])
    assert categories(verdict) == ["extra_term"]
    assert messages(verdict)[0] == f"{'∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂s₃ ∂s₃/∂s₂ ∂s₂/∂W'} is not a path " \
                                   f"from L₄ to W"
    assert verdict.score == 0.5  # (2 right − 1 extra) / 2


def test_something_that_is_not_a_chain():
    verdict = judge_chain(answer(T4, T3, T2, T1, "x"), KEY)
    assert categories(verdict) == ["not_a_chain"]
    assert verdict.score == 0.75


def test_partial_credit_can_be_turned_off():
    verdict = judge_chain(answer(T4, T3), KEY, partial_credit=False)
    assert (verdict.verdict, verdict.score) == ("incorrect", 0.0)
    assert categories(verdict) == ["missing_term", "missing_term"]


def test_more_wrong_terms_than_right_ones_scores_zero():
    verdict = judge_chain(answer(T4, "dL4/dW", "x", "y"), KEY)
    assert verdict.score == 0 and verdict.verdict == "incorrect"


def test_known_mistakes_are_data():
    mistake = Mistake(T4, "shared_weight", "W is used at every step")
    verdict = judge_chain(T4, KEY, mistakes=(mistake,))
    assert verdict.feedback[0].category == "shared_weight"


def test_an_unreadable_answer_is_invalid_not_wrong():
    verdict = judge_chain("dL4/dy4 +", KEY)
    assert (verdict.verdict, verdict.parsed) == ("invalid", None)


# --- general t ------------------------------------------------------------------------------

def general_key(t):
    """Σ_{k=1}^{t} ∂L_t/∂y_t ∂y_t/∂s_t (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) ∂s_k/∂W, by hand."""
    terms = []
    for k in range(1, t + 1):
        term = partial(f"L_{t}", f"y_{t}") * partial(f"y_{t}", f"s_{t}")
        for i in range(t, k, -1):
            term = term * partial(f"s_{i}", f"s_{i - 1}")
        terms.append(term * partial(f"s_{k}", "W"))
    return terms


def test_the_general_key_by_hand_agrees_with_t4():
    assert sorted(map(str, general_key(4))) == sorted(map(str, KEY))


@pytest.mark.parametrize("text", [
    r"\sum_{k=1}^{t} \frac{\partial L_t}{\partial y_t} \frac{\partial y_t}{\partial s_t} "
    r"\left(\prod_{i=k+1}^{t} \frac{\partial s_i}{\partial s_{i-1}}\right) "
    r"\frac{\partial s_k}{\partial W}",
    "Σ_{k=1}^{t} ∂L_t/∂y_t ∂y_t/∂s_t (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) ∂s_k/∂W",
    "Σₖ₌₁ᵗ ∂Lₜ/∂yₜ ∂yₜ/∂sₜ Πᵢ₌ₖ₊₁ᵗ ∂sᵢ/∂sᵢ₋₁ ∂sₖ/∂W",
    "sum(k=1..t, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)",
    "sum(j=0..t-1, dL_t/dy_t dy_t/ds_t prod(i=t-j+1..t, ds_i/ds_{i-1}) ds_{t-j}/dW)",
])
def test_general_answers_in_any_notation(text):
    verdict = judge_general(text, general_key)
    assert (verdict.verdict, verdict.score) == ("correct", 1.0)


def test_the_general_answer_is_echoed_with_its_sum():
    verdict = judge_general("sum(k=1..t, dL_t/ds_k)", lambda t: [
        partial(f"L_{t}", f"s_{k}") for k in range(1, t + 1)])
    assert verdict.parsed.latex == r"\sum_{k=1}^{t} \frac{\partial L_{t}}{\partial s_{k}}"


def test_an_off_by_one_bound_is_pinpointed():
    verdict = judge_general(
        "sum(k=1..t-1, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)",
        general_key, steps=range(3, 7))
    assert verdict.feedback[0].category == "term_count"
    assert verdict.feedback[0].message == "for t = 3 your sum has 2 terms; it needs 3"
    # The missing term at t = 3 is the one with k = t, the path through s₃.
    assert verdict.feedback[1].message == "for t = 3: the path through s₃ (k = 3) is missing"
    assert verdict.verdict == "partial"


def test_a_product_that_starts_one_too_low():
    verdict = judge_general(
        "sum(k=1..t, dL_t/dy_t dy_t/ds_t prod(i=k..t, ds_i/ds_{i-1}) ds_k/dW)", general_key)
    assert verdict.verdict == "incorrect"
    assert "for t = 1: the chain breaks between ∂s₁/∂s₀ and ∂s₁/∂W" in messages(verdict)[0]


def test_the_last_step_only_for_general_t():
    verdict = judge_general("dL_t/dy_t dy_t/ds_t ds_t/dW", general_key)
    assert messages(verdict)[:2] == ["for t = 2 your sum has 1 term; it needs 2",
                                     "for t = 2: only the last step's path is given: W is "
                                     "shared by every step, so the paths through s₁ count too"]
    # right at t = 1 only; each t scores its right terms: (1 + 1/2 + 1/3 + … + 1/6) / 6
    assert verdict.score == pytest.approx(sum(1 / t for t in range(1, 7)) / 6)


def test_a_letter_that_is_not_the_step():
    verdict = judge_general("sum(k=1..T, dL_T/ds_k)", general_key)
    assert verdict.verdict == "invalid"
    assert "the step of this problem is called t" in messages(verdict)[0]
    verdict = judge_general("dL_T/dy_T dy_T/ds_T ds_T/dW", general_key)
    assert categories(verdict) == ["unbound_index"]


def test_a_known_mistake_replaces_the_judges_remark_of_its_category():
    known = Mistake(T4, "last_step_only", "W is used at every step")
    verdict = judge_chain(T4, KEY, mistakes=[known])
    assert [(f.category, f.message) for f in verdict.feedback] == [
        ("last_step_only", "W is used at every step")]


def test_a_known_mistake_without_a_message_leaves_the_judges_remark():
    verdict = judge_chain(T4, KEY, mistakes=[Mistake(T4, "last_step_only", "")])
    assert categories(verdict) == ["last_step_only"]
    assert "paths through s₃, s₂, s₁ count too" in messages(verdict)[0]


def test_a_general_answer_written_as_an_equation_meets_the_mistakes():
    wrong = "sum(k=2..t, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)"
    mistake = Mistake(wrong, "lower_bound", "the sum starts at k = 1")
    right = "dL_t/dW = sum(k=1..t, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)"
    assert judge_general(right, general_key, mistakes=[mistake]).verdict == "correct"
    verdict = judge_general("dL_t/dW = " + wrong, general_key, mistakes=[mistake])
    assert categories(verdict)[0] == "lower_bound"
    assert "term_count" in categories(verdict)  # its own remark has another category


def test_a_missing_output_path_is_named_by_its_output():
    key = [partial("L_4", "y_4") * partial("y_4", "V")]
    verdict = judge_chain("dL4/dy4 dy4/ds4 ds4/dV", key)
    assert "the path through y₄ is missing" in messages(verdict)
