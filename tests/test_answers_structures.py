"""Vectors and matrices, shapes, and choices."""

from fractions import Fraction

from rnnsym.answers import Mistake, judge_choice, judge_matrix, judge_shape


def result(v):
    return v.verdict, [f.category for f in v.feedback]


def test_matrices():
    key = [[1, 2], [3, 4]]
    assert result(judge_matrix("[[1, 2], [3, 4]]", key)) == ("correct", [])
    assert result(judge_matrix("[[1, 3], [2, 4]]", key)) == ("incorrect", ["transposed"])
    assert result(judge_matrix("[[1, 2], [3, 5]]", key)) == ("incorrect", ["wrong_entries"])
    assert judge_matrix("[[1, 2], [3, 5]]", key).feedback[0].message == "entry (2, 2) is wrong"
    assert judge_matrix("[[1, 2], [3, 5]]", key, partial_credit=True).score == 0.75
    assert result(judge_matrix("[1, 2, 3]", key)) == ("incorrect", ["wrong_shape"])
    assert result(judge_matrix("14", key)) == ("invalid", ["not_a_matrix"])


def test_vectors_and_tolerance():
    key = [[Fraction(1, 2)], [1]]
    assert judge_matrix("[0.5, 1]", key).verdict == "correct"
    assert judge_matrix("[[0.5, 1]]", key).verdict == "correct"  # orientation forgiven
    assert judge_matrix("[[0.5, 1]]", key, oriented=True).verdict == "incorrect"
    assert judge_matrix("[0.501, 1]", [0.5, 1.0], abs_tol=1e-2).verdict == "correct"


def test_shapes():
    assert result(judge_shape("14x7", (14, 7))) == ("correct", [])
    assert result(judge_shape("(14, 7)", "14 × 7")) == ("correct", [])
    assert result(judge_shape("7 x 14", (14, 7))) == ("incorrect", ["transposed"])
    assert result(judge_shape("14", (14, 7))) == ("incorrect", ["wrong_rank"])
    assert result(judge_shape("d x n", "(d, n)")) == ("correct", [])
    assert result(judge_shape("n x d", "(d, n)")) == ("incorrect", ["transposed"])
    rule = Mistake("(7, 14)", "row_convention", "this is U's shape in the row convention")
    assert result(judge_shape("7×14", (14, 7), mistakes=(rule,))) == ("incorrect",
                                                                      ["row_convention"])


def test_choices():
    options = ("many-to-many", "many-to-one", "one-to-many", "one-to-one")
    assert judge_choice("Many to one", "many-to-one", options=options).verdict == "correct"
    assert judge_choice("many_to_one.", "many-to-one", options=options).verdict == "correct"
    aliases = {"sentiment": "many-to-one"}
    assert judge_choice("Sentiment", "many-to-one", aliases=aliases).verdict == "correct"
    assert result(judge_choice("two-to-one", "many-to-one", options=options)) == (
        "invalid", ["not_an_option"])
    rule = Mistake("one to many", "direction", "the input is a sequence, the output one label")
    assert result(judge_choice("one-to-many", "many-to-one", mistakes=(rule,))) == (
        "incorrect", ["direction"])
    assert result(judge_choice("(B)", "b", options="abcd")) == ("correct", [])
    assert result(judge_choice("x\u202e", "b")) == ("invalid", ["bidi_control"])


def test_a_numpy_key_is_a_matrix():
    import numpy as np

    from rnnsym.answers import judge_matrix

    key = np.array([[0.5, -0.25], [1.0, 0.75]])
    assert judge_matrix("[[1/2, -1/4], [1, 3/4]]", key).verdict == "correct"
    assert judge_matrix("[[1/2, 1], [-1/4, 3/4]]", key).feedback[0].category == "transposed"
