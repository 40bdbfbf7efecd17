import hashlib
import hmac

from rnnsym.grading.anonymize import anonymizer_key, mapping_paths, pseudonym, write_mapping


def test_pseudonym_is_the_keyed_hmac():
    digest = hmac.new(b"k", b"anonymize\x00ada", hashlib.sha256).hexdigest()
    assert pseudonym("ada", b"k") == "anon-" + digest[:12]


def test_a_generated_key_is_stored_beside_the_output_and_reused(tmp_path):
    out = tmp_path / "grades"
    key = anonymizer_key(out, None)
    assert anonymizer_key(out, None) == key and len(key) == 32
    assert mapping_paths(out)[1] == tmp_path / "grades.key"
    assert (mapping_paths(out)[1].stat().st_mode & 0o777) == 0o600
    assert anonymizer_key(out, "secret") == b"secret"


def test_the_mapping_is_merged_and_kept_outside_the_output(tmp_path):
    out = tmp_path / "grades"
    write_mapping(out, {"bob": "anon-2", "ada": "anon-1"})
    path = write_mapping(out, {"cy": "anon-0"})
    assert path == tmp_path / "grades.mapping.csv"
    assert path.read_text() == "student,pseudonym\ncy,anon-0\nada,anon-1\nbob,anon-2\n"
