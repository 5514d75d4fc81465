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


def test_only_files_and_solution_folders_under_exercises_are_lab_files(tmp_path):
    uris = [
        ("exercises/ex-a/files/app/main.py", "/x/1"),
        ("exercises/ex-a/solution/app.py", "/x/2"),
        ("modules/ex-a/files/app.py", "/x/3"),  # four parts, but not under exercises/
        ("exercises/ex-a/notes/app.py", "/x/4"),
        ("exercises/ex-a/index.md", "/x/5"),
    ]
    assert [(f.exercise, f.part, f.rel) for f in lab_files_from_uris(uris)] == [("ex-a", "files", "app/main.py"), ("ex-a", "solution", "app.py")]


def _sources(tmp_path):
    (tmp_path / "a.txt").write_text("hello " * 200, encoding="utf-8")
    return [("lab/sub/a.txt", str(tmp_path / "a.txt"))]


def test_zip_members_are_deflated_at_the_highest_level(tmp_path):
    import zlib

    data = make_zip(_sources(tmp_path), 1764979200)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        assert set(infos) == {"lab/", "lab/sub/", "lab/sub/a.txt"}
        member = infos["lab/sub/a.txt"]
        assert member.compress_type == zipfile.ZIP_DEFLATED and member.date_time == (2025, 12, 6, 0, 0, 0)
        # the stored stream is raw deflate at level 9, as this process's zlib makes it
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
        stored = data[start : start + member.compress_size]
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        assert stored == packer.compress(("hello " * 200).encode()) + packer.flush()


def test_tar_gz_is_pax_with_a_bare_gzip_header_at_level_nine(tmp_path):
    data = make_tar_gz(_sources(tmp_path), 1764979200)
    # gzip header: no file name (FLG 0), mtime 0, XFL 2 = maximum compression
    assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == b"\x00\x00\x00\x00" and data[8] == 2
    raw = gzip.decompress(data)
    with tarfile.open(fileobj=io.BytesIO(raw)) as tf:
        assert [(m.name, m.isdir()) for m in tf.getmembers()] == [("lab", True), ("lab/sub", True), ("lab/sub/a.txt", False)]
    assert b"ustar\x0000" in raw[257:265]  # POSIX (pax) headers, not GNU's "ustar  "


def test_every_archive_holds_its_content_and_members(tmp_path):
    (tmp_path / "f.txt").write_text("x\n", encoding="utf-8")
    files = [LabFile("ex-a", "files", "f.txt", str(tmp_path / "f.txt")), LabFile("ex-b", "solution", "f.txt", str(tmp_path / "f.txt"))]
    for archive in build_archives(files, 1764979200):
        assert archive.content[:2] in (b"PK", b"\x1f\x8b"), archive.uri
        if archive.uri.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
                opened = zf.namelist()
        else:
            with tarfile.open(fileobj=io.BytesIO(archive.content)) as tf:
                opened = tf.getnames()
        assert set(archive.members) <= set(opened), archive.uri
        if archive.uri.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
                assert {i.date_time for i in zf.infolist()} == {(2025, 12, 6, 0, 0, 0)}, archive.uri
