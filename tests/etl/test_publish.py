"""Atomic publishing: the store link swaps only after a complete, checked build."""

import json
import os

import pytest

from etl.publish import MANIFEST, current_store, list_vintages, publish


def writer(value: str):
    def write(folder):
        (folder / "indicators.parquet").write_text(value)
        (folder / MANIFEST).write_text(json.dumps({"value": value}))

    return write


def no_check(folder):
    return None


def published_value(data_dir):
    return json.loads((data_dir / "store" / MANIFEST).read_text())["value"]


def test_pub001_publish_swaps_the_store_link(tmp_path):
    publish(tmp_path, writer("one"), no_check, keep=5, vintage="20260101T000000Z")
    publish(tmp_path, writer("two"), no_check, keep=5, vintage="20260102T000000Z")
    assert published_value(tmp_path) == "two"
    assert os.readlink(tmp_path / "store") == "vintages/20260102T000000Z"


def test_pub002_a_failing_check_leaves_the_store_as_it_was(tmp_path):
    publish(tmp_path, writer("good"), no_check, keep=5, vintage="20260101T000000Z")

    def bad_check(folder):
        raise ValueError("broken")

    with pytest.raises(ValueError):
        publish(tmp_path, writer("bad"), bad_check, keep=5, vintage="20260102T000000Z")
    assert published_value(tmp_path) == "good"
    assert [p.name for p in list_vintages(tmp_path)] == ["20260101T000000Z"]
    assert not any(p.name.startswith(".building") for p in (tmp_path / "vintages").iterdir())


def test_pub003_keeps_the_last_n_vintages_besides_the_current(tmp_path):
    for day in range(1, 9):
        publish(tmp_path, writer(str(day)), no_check, keep=5, vintage=f"202601{day:02d}T000000Z")
    names = [p.name for p in list_vintages(tmp_path)]
    assert names == [f"202601{day:02d}T000000Z" for day in range(3, 9)]
    assert current_store(tmp_path).name == "20260108T000000Z"


def test_pub004_two_runs_in_one_second_get_distinct_vintages(tmp_path):
    publish(tmp_path, writer("a"), no_check, keep=5, vintage="20260101T000000Z")
    second = publish(tmp_path, writer("b"), no_check, keep=5, vintage="20260101T000000Z")
    assert second.name == "20260101T000001Z"


def test_pub005_a_plain_store_folder_becomes_a_vintage(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / MANIFEST).write_text(
        json.dumps({"vintage": "20250101T000000Z", "value": "old"})
    )
    publish(tmp_path, writer("new"), no_check, keep=5, vintage="20260101T000000Z")
    assert published_value(tmp_path) == "new"
    assert (tmp_path / "vintages" / "20250101T000000Z" / MANIFEST).exists()
