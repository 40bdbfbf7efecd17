"""A Gradescope submission folder: which sheet is read, and whose variant it is."""

import json

import pytest

from rnnsym.grading.inputs import InputError
from rnnsym.grading.submission import find_sheet, read_submission


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission_metadata.json").write_text(json.dumps(
        {"users": [{"name": "Ada L", "email": "ada@uni.edu", "sid": "s042"}]}))
    return tmp_path / "submission"


def test_answers_toml_is_preferred(folder):
    (folder / "answers.toml").write_text('[answers]\ngamma = "1/4"\n')
    (folder / "other.json").write_text('{"answers": {}}')
    assert find_sheet(folder) == folder / "answers.toml"


def test_the_one_sheet_anywhere_is_found_and_zip_debris_skipped(folder):
    (folder / "hw" / "__MACOSX").mkdir(parents=True)
    (folder / "hw" / "__MACOSX" / "._mine.toml").write_text("junk")
    (folder / "hw" / "mine.toml").write_text('[answers]\ngamma = "1/4"\n')
    assert find_sheet(folder) == folder / "hw" / "mine.toml"


@pytest.mark.parametrize("names", [[], ["a.toml", "b.json"]])
def test_no_sheet_or_several_are_refused_listing_what_was_found(folder, names):
    for name in names:
        (folder / name).write_text("[answers]\n")
    with pytest.raises(InputError, match="expected one answer sheet") as error:
        find_sheet(folder)
    assert ("a.toml, b.json" if names else "found none") in str(error.value)


def test_the_student_is_the_sheets_key_else_gradescopes_sid(folder):
    (folder / "answers.toml").write_text('[answers]\ngamma = "1/4"\n')
    assert read_submission(folder).answers == {"s042": {"gamma": "1/4"}}
    (folder / "answers.toml").write_text('student = "ada"\n[answers]\ngamma = "1/4"\n')
    assert read_submission(folder).answers == {"ada": {"gamma": "1/4"}}


def test_an_unreadable_sheet_is_an_input_error(folder):
    (folder / "answers.json").write_text("[1, 2]")
    with pytest.raises(InputError, match="answers.json: key 'answers'"):
        read_submission(folder)


def test_read_submissions_knows_a_submission_folder_by_its_metadata(folder):
    from rnnsym.grading.inputs import read_submissions

    (folder / "answers.json").write_text('{"answers": {"gamma": "1/4"}}')
    subs = read_submissions(folder)
    assert subs.form == "submission" and subs.answers == {"s042": {"gamma": "1/4"}}
