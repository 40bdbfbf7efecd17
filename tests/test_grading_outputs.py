"""Output files: safe names, atomic writes, tolerant reading, grades and items CSVs."""

import hashlib

from rnnsym.grading.outputs import (
    atomic_write,
    grades_csv,
    items_csv,
    jsonl_text,
    load_jsonl,
    safe_name,
)


def test_safe_names_keep_plain_ids_and_never_collide():
    assert safe_name("s042.ada_L-1") == "s042.ada_L-1"
    odd = ["a/b", "a_b", "..", "", "é", "x" * 300]
    names = [safe_name(s) for s in odd]
    assert len(set(names)) == len(names)
    assert names[0] == "a_b-" + hashlib.sha256(b"a/b").hexdigest()[:8]
    assert all("/" not in n and not n.startswith(".") and len(n) < 100 for n in names)


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    atomic_write(tmp_path / "d" / "x.txt", "one")
    atomic_write(tmp_path / "d" / "x.txt", "two")
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["x.txt"]
    assert (tmp_path / "d" / "x.txt").read_text() == "two"


def test_a_line_cut_short_is_skipped_and_the_last_line_of_a_pair_counts(tmp_path):
    path = tmp_path / "details.jsonl"
    path.write_text('{"student": "a", "problem": "p", "score": 0}\n'
                    '{"student": "a", "problem": "p", "score": 1}\n{"student": "b", "pro')
    assert load_jsonl(path) == {("a", "p"): {"student": "a", "problem": "p", "score": 1}}


def row(student, problem, status, score, best=1.0, **extra):
    return {"student": student, "problem": problem, "status": status, "score": score,
            "max_score": best, "feedback": [], **extra}


def test_grades_csv_totals_and_leaves_ungraded_cells_empty():
    rows = [row("bob", "p", "correct", 2.0, 2.0), row("bob", "q", "timeout", 0.0),
            row("=cmd", "p", "partial", 0.5, 2.0), row("=cmd", "q", "error", 1.0,
                                                        override={"was": 0.0})]
    assert grades_csv(rows, ["p", "q"]) == ("student,p,q,total,percent\n"
                                            "'=cmd,0.5,1,1.5,50\n"
                                            "bob,2,,2,66.6667\n")


def test_items_csv_and_jsonl_are_sorted():
    rows = [row("b", "p", "incorrect", 0.0,
                feedback=[{"category": "transposed", "message": "m"}]),
            row("a", "q", "missing", 0.0)]
    assert items_csv(rows) == ("student,problem,status,score,category\n"
                               "a,q,missing,0,\nb,p,incorrect,0,transposed\n")
    assert jsonl_text(rows).splitlines()[0].startswith('{"feedback": [], "max_score": 1.0')
