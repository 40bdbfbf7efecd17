"""The notes' examples and more, matched from descriptions."""

import pytest

from rnnsym.solvers import SolveError
from rnnsym.solvers.architecture import TASKS, solve


@pytest.mark.parametrize(
    ("description", "architecture"),
    [
        ("predictive text", "many-to-many"),
        ("Image captioning", "one-to-many"),
        ("music generation", "one-to-many"),
        ("Sentiment Analysis", "many-to-one"),
        ("translation", "many-to-many"),
        ("translate English to French", "many-to-many"),
        ("classify movie reviews as positive or negative", "many-to-one"),
        ("image classification", "one-to-one"),
        ("named-entity recognition", "many-to-many"),
        ("speech recognition", "many-to-many"),
        ("video classification", "many-to-one"),
        ("generate a caption for a photo", "one-to-many"),
    ],
)
def test_notes_examples_and_more(description, architecture):
    assert solve(description).key == architecture


def test_every_task_finds_itself():
    for task in TASKS:
        assert solve(task.name).task == task.name


def test_unknown_task_lists_the_known_ones():
    with pytest.raises(SolveError, match="known tasks: predictive text"):
        solve("bake a cake")


def test_ambiguous_description_is_not_guessed():
    with pytest.raises(SolveError, match="ambiguous"):
        solve("classify")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 501])
def test_empty_or_too_long(bad):
    with pytest.raises(SolveError):
        solve(bad)
