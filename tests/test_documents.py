"""The documents of a derivation: JSON, plain text, Markdown, and the --expand pieces."""

import json
import re

import pytest

from rnnsym.derivation import derive
from rnnsym.documents import json_document, model_line, summary, text_document
from rnnsym.jacobians import expand


def test_json_has_the_documented_shape():
    doc = json.loads(json.dumps(json_document(derive("W", 4))))
    assert {key: doc[key] for key in ("param", "steps", "loss_at", "count")} == \
        {"param": "W", "steps": 4, "loss_at": "all", "count": 10}
    assert {"t": 2, "k": 1, "factors": [["L2", "y2"], ["y2", "s2"], ["s2", "s1"], ["s1", "W"]]} \
        in doc["terms"]
    assert doc["dropped"] == 0 and doc["zero_terms"] == 0
    assert doc["general"]["unicode"].startswith("∂L/∂W = Σ_{t=1}^{T}")
    assert doc["latex"].startswith("\\begin{aligned}")
    assert len(doc["terms"]) == 10


def test_json_of_a_truncated_one_to_many_derivation():
    doc = json_document(derive("U", 5, truncate=2, architecture="one-to-many", loss_at=2))
    assert doc["loss_at"] == 2 and doc["loss_steps"] == [2]
    assert doc["terms"] == [{"t": 2, "k": 1, "factors": [["L2", "y2"], ["y2", "s2"],
                                                         ["s2", "s1"], ["s1", "U"]]}]
    assert doc["zero_terms"] == 1 and doc["dropped"] == 0


def test_text_style_is_ascii_and_unicode_style_is_the_notes():
    ascii_doc = text_document(derive("W", 3, truncate=2), "text", expand("tanh", d=2))
    assert ascii_doc.isascii()
    assert "t = 2:  dL2/dy2 dy2/ds2 ds2/dW + dL2/dy2 dy2/ds2 diag(sigma'(a2)) W ds1/dW" in ascii_doc
    uni = text_document(derive("W", 4))
    assert "t = 2:  ∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂W + ∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂s₁ ∂s₁/∂W" in uni.splitlines()
    assert uni.splitlines()[-1] == "10 terms."


def test_summary_counts_the_dropped_and_the_zero_terms():
    assert summary(derive("W", 4, truncate=2)) == [
        "7 terms.", "Truncated BPTT, window K = 2: 3 terms with t − k ≥ K dropped."]
    lines = summary(derive("U", 3, architecture="one-to-many"))
    assert lines[0] == "3 terms."
    assert lines[1].startswith("3 terms left out as zero: one-to-many has an input at step 1")


def test_markdown_has_headings_and_balanced_math_blocks():
    text = derive("W", 3).to_markdown(expand=True, d=2)
    assert text.startswith("## ∂L/∂W over T = 3 steps")
    assert [h for h in re.findall(r"^#+ .*$", text, re.M)] == [
        "## ∂L/∂W over T = 3 steps", "### General formula", "### Expanded", "### Terms",
        "#### t = 1", "#### t = 2", "#### t = 3", "### Bounds"]
    assert text.count("$$") % 2 == 0


@pytest.mark.parametrize("param, convention, shape", [
    ("U", "column", "d×n"), ("W", "column", "d×d"), ("V", "column", "k×d"),
    ("U", "row", "n×d"), ("V", "row", "d×k"), ("b", "row", "d-vector"),
    ("c", "column", "k-vector"), ("s0", "column", "d-vector"),
])
def test_model_line_gives_the_shape_in_the_convention(param, convention, shape):
    line = model_line(derive(param, 2, convention=convention))
    assert f": {shape}, like" in line
    assert line.startswith("s_t = σ(U x_t" if convention == "column" else "s_t = σ(x_t U")
