"""Reading submissions: CSV long and wide, sheets, encodings, missing columns, duplicates."""

import pytest

from rnnsym.grading.inputs import InputError, read_csv_text, read_submissions


def test_wide_csv_with_any_case_header_and_empty_cells():
    subs = read_csv_text("STUDENT,gamma,params-161\nada,1/4,\nbob, ,14\n", "c.csv")
    assert subs.form == "wide"
    assert subs.answers == {"ada": {"gamma": "1/4", "params-161": None},
                            "bob": {"gamma": None, "params-161": "14"}}
    assert subs.problem_ids() == ["gamma", "params-161"]


def test_long_csv_ignores_other_columns_and_keeps_the_answer_as_typed():
    text = "Email,Student,Problem,Answer\nx@y,ada,gamma, 1/4 \nx@y,ada,clip,\"[3, 4]\"\n"
    subs = read_csv_text(text, "c.csv")
    assert subs.form == "long"
    assert subs.answers == {"ada": {"gamma": " 1/4 ", "clip": "[3, 4]"}}


def test_duplicates_are_reported_and_the_last_one_counts():
    text = "student,problem,answer\nada,gamma,1\nada,gamma,1/4\nada,gamma,0.25\n"
    subs = read_csv_text(text, "c.csv")
    assert subs.answers["ada"]["gamma"] == "0.25"
    assert subs.duplicates == (("ada", "gamma"),)


def test_lines_without_a_student_are_skipped_and_said():
    subs = read_csv_text("student,gamma\n,1/4\nada,1\n\n", "c.csv")
    assert subs.answers == {"ada": {"gamma": "1"}}
    assert subs.skipped == ("c.csv line 2: no student id",)


@pytest.mark.parametrize(("text", "message"), [
    ("name,gamma\nada,1\n", "no 'student' column (the header has: name, gamma)"),
    ("student,problem\nada,gamma\n", "no 'answer' column"),
    ("", "empty"),
])
def test_a_csv_without_its_columns_is_refused_naming_the_column(text, message):
    with pytest.raises(InputError, match="c.csv") as error:
        read_csv_text(text, "c.csv")
    assert message in str(error.value)


def test_utf8_with_bom_is_read_and_other_encodings_are_refused(tmp_path):
    (tmp_path / "bom.csv").write_bytes("\ufeffstudent,gamma\nzoé,1/4\n".encode())
    assert read_submissions(tmp_path / "bom.csv").answers == {"zoé": {"gamma": "1/4"}}
    (tmp_path / "latin.csv").write_bytes("student,gamma\nzoé,1/4\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.csv: not UTF-8 text \(byte 16\)"):
        read_submissions(tmp_path / "latin.csv")


def test_a_directory_of_sheets_keeps_an_unreadable_sheet_as_its_student(tmp_path):
    (tmp_path / "ada.toml").write_text('[answers]\ngamma = "1/4"\n')
    (tmp_path / "bob.json").write_text('{"student": "b42", "answers": {"gamma": 1}}')
    (tmp_path / "cy.toml").write_bytes(b'[answers]\ngamma = "\xff"\n')
    (tmp_path / "notes.txt").write_text("not a sheet")
    subs = read_submissions(tmp_path)
    assert subs.form == "sheets"
    assert subs.answers == {"ada": {"gamma": "1/4"}, "b42": {"gamma": "1"}, "cy": {}}
    assert list(subs.unreadable) == ["cy"] and "not UTF-8" in subs.unreadable["cy"]


@pytest.mark.parametrize(("name", "message"), [
    ("missing.csv", "no such file"), ("empty", "no answer sheets"), ("x.txt", "expected a .csv"),
])
def test_unusable_paths_are_refused(tmp_path, name, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(InputError, match=message):
        read_submissions(tmp_path / name)


def test_one_sheet_is_one_student_and_a_broken_one_is_refused(tmp_path):
    (tmp_path / "ada.toml").write_text('[answers]\ngamma = ""\nclip = "[1, 0]"\n')
    assert read_submissions(tmp_path / "ada.toml").answers == {
        "ada": {"gamma": None, "clip": "[1, 0]"}}
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(InputError, match="bad.json: not a readable JSON"):
        read_submissions(tmp_path / "bad.json")
