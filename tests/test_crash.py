"""What a killed run leaves behind is repaired by the next one (issue 6; the kill-and-resume test of a
real run is still to come)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from coders.write import recover


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    pq.write_table(pa.table({"x": [1]}), path / "part-0.parquet")
    return path


def test_swap_cut_between_its_renames_is_undone(tmp_path: Path) -> None:
    _folder(tmp_path / ".events-old")  # events/ moved aside, the new one never moved in
    _folder(tmp_path / "articles")
    _folder(tmp_path / ".articles-old")  # a finished swap whose old copy was not yet removed
    _folder(tmp_path / ".quarantine-k2j3x" / "quarantine")  # a staging folder
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "20261129T000000Z-abc.json.tmp").write_text("{", encoding="utf-8")
    done = recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "events", "runs"]
    assert pq.read_table(tmp_path / "events").num_rows == 1
    assert list((tmp_path / "runs").iterdir()) == []
    assert done == ["restored events/ (a run was killed while replacing it)",
                    "removed the staging folder .quarantine-k2j3x",
                    "removed the half-written manifest 20261129T000000Z-abc.json.tmp"]


def test_nothing_to_repair(tmp_path: Path) -> None:
    _folder(tmp_path / "events")
    assert recover(tmp_path) == [] and (tmp_path / "events").exists()
