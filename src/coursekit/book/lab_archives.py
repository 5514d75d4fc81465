"""Reproducible archives of the lab files: one zip per exercise and one bundle of all.

Layout (what a trainee gets after unpacking in their home folder)::

    labs/<exercise-id>/...            the exercise's files/ folder
    labs/<exercise-id>/solution/...   its solution/ folder (when the build includes solutions)

A per-exercise zip holds ``<exercise-id>/...`` (unzip it inside ``~/labs``).

Same inputs give byte-identical archives: entries sorted by path, one fixed
timestamp (``SOURCE_DATE_EPOCH`` or 2000-01-01 00:00:00 UTC), fixed owners and
permissions (0644, 0755 for files executable in the source), no extra fields,
gzip header mtime 0 and no file name, fixed compression levels.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from coursekit import settings
from coursekit.errors import SourceError

BUNDLE_NAME = "course-labs"
BUNDLE_ROOT = "labs"
DOWNLOADS_DIR = "downloads"
DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z


@dataclass(frozen=True)
class LabFile:
    exercise: str
    part: str  # "files" | "solution"
    rel: str  # path inside the part folder, "/"-separated
    abs_path: str

    @property
    def archive_path(self) -> str:
        """Path relative to the exercise folder in an archive."""
        return self.rel if self.part == "files" else f"solution/{self.rel}"


def lab_files_from_uris(items: Iterable[tuple[str, str]]) -> list[LabFile]:
    """LabFiles from (site URI, absolute path) pairs such as ``exercises/<id>/files/a/b``."""
    found = []
    for uri, path in items:
        parts = uri.split("/")
        if len(parts) >= 4 and parts[0] == "exercises" and parts[2] in ("files", "solution"):
            found.append(LabFile(parts[1], parts[2], "/".join(parts[3:]), path))
    for f in found:
        if f.part == "files" and f.rel.split("/")[0] == "solution":
            raise SourceError(
                "a lab file folder must not contain a top-level 'solution' folder: it would mix with the solution files in the archives",
                f"exercises/{f.exercise}/files/{f.rel}",
                1,
            )
    return sorted(found, key=lambda f: (f.exercise, f.archive_path))


def source_epoch(environ: dict | None = None) -> int:
    epoch = settings.source_date_epoch(environ)
    if epoch is not None:
        return max(epoch, 315532800)  # zip cannot store dates before 1980
    return DEFAULT_EPOCH


def _mode(path: str) -> int:
    return 0o755 if os.stat(path).st_mode & stat.S_IXUSR else 0o644


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _dirs_of(names: list[str]) -> list[str]:
    dirs = set()
    for name in names:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]) + "/")
    return sorted(dirs)


def make_zip(entries: list[tuple[str, str]], epoch: int) -> bytes:
    """A zip of (archive name, absolute source) entries; deterministic bytes."""
    date_time = time.gmtime(epoch)[:6]
    buf = io.BytesIO()
    names = sorted(name for name, _ in entries)
    sources = dict(entries)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for d in _dirs_of(names):
            info = zipfile.ZipInfo(d, date_time)
            info.external_attr = (0o40755 << 16) | 0x10
            info.create_system = 3
            zf.writestr(info, b"")
        for name in names:
            info = zipfile.ZipInfo(name, date_time)
            info.external_attr = (0o100000 | _mode(sources[name])) << 16
            info.create_system = 3  # Unix, so unzip honours the permissions
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, _read(sources[name]), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()


def make_tar_gz(entries: list[tuple[str, str]], epoch: int) -> bytes:
    """A gzip-compressed POSIX tar of the entries; deterministic bytes."""
    raw = io.BytesIO()
    names = sorted(name for name, _ in entries)
    sources = dict(entries)
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for d in _dirs_of(names):
            info = tarfile.TarInfo(d.rstrip("/"))
            info.type = tarfile.DIRTYPE
            _fix(info, 0o755, epoch)
            tf.addfile(info)
        for name in names:
            data = _read(sources[name])
            info = tarfile.TarInfo(name)
            info.size = len(data)
            _fix(info, _mode(sources[name]), epoch)
            tf.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def _fix(info: tarfile.TarInfo, mode: int, epoch: int) -> None:
    info.mode = mode
    info.mtime = epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""


@dataclass(frozen=True)
class Archive:
    uri: str  # site URI, e.g. "downloads/course-labs.zip"
    content: bytes
    members: tuple[str, ...]


def build_archives(lab_files: list[LabFile], epoch: int) -> list[Archive]:
    """Per-exercise zips and the bundle (.zip and .tar.gz), in a stable order."""
    archives: list[Archive] = []
    by_exercise: dict[str, list[LabFile]] = {}
    for f in lab_files:
        by_exercise.setdefault(f.exercise, []).append(f)
    for ex_id in sorted(by_exercise):
        entries = [(f"{ex_id}/{f.archive_path}", f.abs_path) for f in by_exercise[ex_id]]
        archives.append(Archive(f"{DOWNLOADS_DIR}/{ex_id}.zip", make_zip(entries, epoch), tuple(sorted(n for n, _ in entries))))
    if lab_files:
        entries = [(f"{BUNDLE_ROOT}/{f.exercise}/{f.archive_path}", f.abs_path) for f in lab_files]
        members = tuple(sorted(n for n, _ in entries))
        archives.append(Archive(f"{DOWNLOADS_DIR}/{BUNDLE_NAME}.zip", make_zip(entries, epoch), members))
        archives.append(Archive(f"{DOWNLOADS_DIR}/{BUNDLE_NAME}.tar.gz", make_tar_gz(entries, epoch), members))
    return archives
