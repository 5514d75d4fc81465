"""The lab archives in-process (coursekit.book.lab_archives): layout, metadata and the pinned
timestamp written down byte by byte where it matters.  The real builds in test_book_build.py
check the same archives end to end; these run in milliseconds (and under mutation testing)."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

import pytest

from coursekit.book import lab_archives
from coursekit.book.lab_archives import LabFile, build_archives, lab_files_from_uris, make_tar_gz, make_zip, source_epoch
from coursekit.errors import SourceError

EPOCH = 1772600767  # 2026-03-04T05:06:07Z


@pytest.fixture
def sources(tmp_path):
    """Two exercises: 'run' with a script (executable) and a solution, 'build' with a nested file."""
    files = {
        "exercises/run/files/start.sh": ("#!/bin/sh\necho start\n", 0o755),
        "exercises/run/solution/answer.txt": ("42\n", 0o644),
        "exercises/build/files/app/Containerfile": ("FROM alpine:3.24\n", 0o644),
    }
    pairs = []
    for uri, (text, mode) in files.items():
        path = tmp_path / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(mode)
        pairs.append((uri, str(path)))
    pairs.append(("exercises/run/index.md", str(tmp_path / "ignored.md")))  # not a lab file
    pairs.append(("modules/basics.md", str(tmp_path / "ignored.md")))
    return pairs


def test_lab_files_come_from_files_and_solution_folders_only(sources):
    found = lab_files_from_uris(sources)
    assert [(f.exercise, f.part, f.rel, f.archive_path) for f in found] == [
        ("build", "files", "app/Containerfile", "app/Containerfile"),
        ("run", "solution", "answer.txt", "solution/answer.txt"),
        ("run", "files", "start.sh", "start.sh"),
    ]


def test_a_solution_folder_inside_files_is_refused():
    with pytest.raises(SourceError) as exc:
        lab_files_from_uris([("exercises/run/files/solution/x.txt", "/x"), ("exercises/run/files/ok.txt", "/y")])
    assert (exc.value.path, exc.value.line) == ("exercises/run/files/solution/x.txt", 1)
    assert exc.value.message.startswith("a lab file folder must not contain a top-level 'solution' folder")
    # deeper down a folder may be called solution
    assert [f.rel for f in lab_files_from_uris([("exercises/run/files/a/solution/x.txt", "/x")])] == ["a/solution/x.txt"]


def test_archives_per_exercise_and_the_bundle_in_a_stable_order(sources):
    archives = build_archives(lab_files_from_uris(sources), EPOCH)
    assert [(a.uri, a.members) for a in archives] == [
        ("downloads/build.zip", ("build/app/Containerfile",)),
        ("downloads/run.zip", ("run/solution/answer.txt", "run/start.sh")),
        ("downloads/course-labs.zip", ("labs/build/app/Containerfile", "labs/run/solution/answer.txt", "labs/run/start.sh")),
        ("downloads/course-labs.tar.gz", ("labs/build/app/Containerfile", "labs/run/solution/answer.txt", "labs/run/start.sh")),
    ]
    assert build_archives([], EPOCH) == []
    again = build_archives(lab_files_from_uris(sources), EPOCH)
    assert [a.content for a in again] == [a.content for a in archives]  # byte-identical


def test_zip_entries_metadata(sources):
    archives = {a.uri: a for a in build_archives(lab_files_from_uris(sources), EPOCH)}
    with zipfile.ZipFile(io.BytesIO(archives["downloads/course-labs.zip"].content)) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == [
            "labs/",
            "labs/build/",
            "labs/build/app/",
            "labs/run/",
            "labs/run/solution/",
            "labs/build/app/Containerfile",
            "labs/run/solution/answer.txt",
            "labs/run/start.sh",
        ]
        by_name = {i.filename: i for i in infos}
        for d in ("labs/", "labs/build/app/"):
            assert by_name[d].external_attr == (0o40755 << 16) | 0x10 and zf.read(d) == b""
        assert by_name["labs/run/start.sh"].external_attr == 0o100755 << 16
        assert by_name["labs/run/solution/answer.txt"].external_attr == 0o100644 << 16
        assert {i.create_system for i in infos} == {3}
        assert {i.compress_type for i in infos if not i.is_dir()} == {zipfile.ZIP_DEFLATED}
        assert {i.date_time for i in infos} == {(2026, 3, 4, 5, 6, 6)}  # zip keeps even seconds
        assert {i.extra for i in infos} == {b""}
        assert zf.read("labs/run/start.sh") == b"#!/bin/sh\necho start\n"


def test_tar_gz_metadata(sources):
    archives = {a.uri: a for a in build_archives(lab_files_from_uris(sources), EPOCH)}
    data = archives["downloads/course-labs.tar.gz"].content
    # gzip header: no file name (FLG 0), mtime 0, XFL 2 = maximum compression (level 9), OS 255
    assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == b"\0\0\0\0" and data[8] == 2
    raw = gzip.decompress(data)
    assert raw[257:263] == b"ustar\x00"  # POSIX (pax) tar, not GNU's "ustar  "
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        members = tf.getmembers()
        assert [(m.name, m.type, m.mode) for m in members] == [
            ("labs", tarfile.DIRTYPE, 0o755),
            ("labs/build", tarfile.DIRTYPE, 0o755),
            ("labs/build/app", tarfile.DIRTYPE, 0o755),
            ("labs/run", tarfile.DIRTYPE, 0o755),
            ("labs/run/solution", tarfile.DIRTYPE, 0o755),
            ("labs/build/app/Containerfile", tarfile.REGTYPE, 0o644),
            ("labs/run/solution/answer.txt", tarfile.REGTYPE, 0o644),
            ("labs/run/start.sh", tarfile.REGTYPE, 0o755),
        ]
        assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(EPOCH, 0, 0, "", "")}
        assert tf.extractfile("labs/build/app/Containerfile").read() == b"FROM alpine:3.24\n"


def test_single_entry_archives(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("x\n")
    with zipfile.ZipFile(io.BytesIO(make_zip([("a.txt", str(src))], EPOCH))) as zf:
        assert [i.filename for i in zf.infolist()] == ["a.txt"]  # no folder entries for a top-level file
    with tarfile.open(fileobj=io.BytesIO(make_tar_gz([("a.txt", str(src))], EPOCH))) as tf:
        assert tf.getnames() == ["a.txt"]


@pytest.mark.parametrize(
    ("value", "epoch"),
    [(None, lab_archives.DEFAULT_EPOCH), ("", lab_archives.DEFAULT_EPOCH), (" 1700000000 ", 1700000000), ("100", 315532800), ("315532800", 315532800)],
)
def test_source_epoch(value, epoch):
    env = {} if value is None else {"SOURCE_DATE_EPOCH": value}
    assert source_epoch(env) == epoch


def test_a_source_epoch_that_is_not_a_number():
    with pytest.raises(SourceError) as exc:
        source_epoch({"SOURCE_DATE_EPOCH": "yesterday"})
    assert exc.value.message == "SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'"


def test_archive_path_of_a_lab_file():
    assert LabFile("run", "files", "a/b.txt", "/x").archive_path == "a/b.txt"
    assert LabFile("run", "solution", "a/b.txt", "/x").archive_path == "solution/a/b.txt"
