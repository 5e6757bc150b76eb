"""The vector-table folder format: written whole, read back, refused with the file named when incomplete or mismatched."""

import numpy
import pytest

from govreport.errors import GovreportError
from govreport.table_files import read_vector_table, write_vector_table


def test_a_table_is_written_whole_and_read_back(tmp_path):
    vectors = numpy.arange(6, dtype="float32").reshape(3, 2)
    folder = write_vector_table(tmp_path / "t", ["县", "镇", "县镇"], vectors)
    keys, back = read_vector_table(folder)
    assert keys == ["县", "镇", "县镇"] and numpy.array_equal(back, vectors)
    with pytest.raises(GovreportError, match="2 keys .* for 3 rows"):
        write_vector_table(tmp_path / "u", ["县", "镇"], vectors)
    assert not (tmp_path / "u").exists()


def test_a_missing_table_names_the_file_and_the_command(tmp_path):
    with pytest.raises(GovreportError, match=r"keys\.txt.*fetch-assets --lac-char-vectors"):
        read_vector_table(tmp_path)


def test_a_table_that_does_not_match_its_characters_is_refused(tmp_path):
    (tmp_path / "keys.txt").write_text("县\n镇\n率\n", encoding="utf-8")
    numpy.save(tmp_path / "vectors.npy", numpy.eye(2, 4, dtype="float32"))
    with pytest.raises(GovreportError, match="does not match the 3 keys"):
        read_vector_table(tmp_path)
