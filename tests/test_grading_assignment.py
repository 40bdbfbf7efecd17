import pytest

from rnnsym.grading.assignment import Assignment, read_assignment, read_assignment_text


def test_problems_points_and_informational_keys(tmp_path):
    path = tmp_path / "hw3.toml"
    path.write_text('title = "HW 3"\ndue = 2026-03-01\nproblems = ["gamma", "clip", "gamma"]\n'
                    "[points]\nclip = 3\n")
    assert read_assignment(path) == Assignment(("gamma", "clip"), {"clip": 3.0}, "HW 3")


@pytest.mark.parametrize(("text", "message"), [
    ("problems = []", "non-empty list"),
    ('problems = "gamma"', "'problems' should be a list"),
    ('problems = ["gamma"]\nweights = 1', "unknown key 'weights'"),
    ('problems = ["gamma"]\n[points]\ngamma = -1', "'points.gamma' should be a number"),
    ('problems = ["gamma"]\n[points]\nclip = 1', "not in 'problems'"),
    ("problems = [", "not a readable TOML"),
])
def test_malformed_assignments_name_file_and_key(text, message):
    with pytest.raises(ValueError, match="hw.toml") as error:
        read_assignment_text(text, "hw.toml")
    assert message in str(error.value)
