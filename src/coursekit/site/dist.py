"""The release zip: the whole built site (handouts, decks, exercise book, guide, lab
bundle) as ``dist/containerization-fundamentals-<version>[-trainee].zip``.

Unzipped anywhere and opened from disk (``file://.../index.html``) it works
without a network, search included (Material's offline plugin).  The zip is
reproducible like the lab archives: sorted entries, one fixed timestamp, fixed
permissions.

    python -m coursekit.site.dist [--audience instructor|trainee] [--out dist] [--site-dir DIR]

Without ``--site-dir`` it runs a strict build (with ``COURSE_AUDIENCE`` set) into
a temporary folder first; with it, it packages that already built site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from coursekit import settings
from coursekit.book import lab_archives
from coursekit.course import version

NAME = "containerization-fundamentals"


def release_name(course_version: str, audience: str) -> str:
    return f"{NAME}-{course_version}" + ("-trainee" if audience == "trainee" else "")


def site_entries(site_dir: str, prefix: str) -> list[tuple[str, str]]:
    """(name in the zip, absolute path) for every file of the built site."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, site_dir).replace(os.sep, "/")
            entries.append((f"{prefix}/{rel}", path))
    return entries


def built_version(site_dir: str) -> str | None:
    """The course version a built site shows in its footer (``data-course-version``)."""
    import re

    try:
        with open(os.path.join(site_dir, "index.html"), encoding="utf-8") as fh:
            m = re.search(r'data-course-version="([^"]+)"', fh.read())
    except OSError:
        return None
    return m.group(1) if m else None


def package(site_dir: str, out_dir: str, course_version: str, audience: str, epoch: int | None = None) -> str:
    """Write the release zip of ``site_dir``; returns its path."""
    if not os.path.isfile(os.path.join(site_dir, "index.html")):
        raise SystemExit(f"error: {site_dir} holds no built site (index.html is missing)")
    name = release_name(course_version, audience)
    data = lab_archives.make_zip(site_entries(site_dir, name), lab_archives.source_epoch() if epoch is None else epoch)
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, f"{name}.zip")
    tmp = target + ".part"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
    return target


def build(config_file: str, site_dir: str, audience: str) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COURSE_AUDIENCE=audience)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file, "-d", site_dir], env=env)
    if result.returncode != 0:
        raise SystemExit(f"error: the {audience} build failed; no release zip written")


def add_book_pdf(site_dir: str) -> None:
    """The edition's exercise book as ``pdf/exercise-book[-trainee].pdf`` inside the site to zip:
    printed from this very build, so the trainee zip's PDF has no solutions."""
    from pathlib import Path

    from ..deck import pdf_export

    try:
        pdf_export.export(Path(site_dir), Path(site_dir) / "pdf", book_only=True)
    except pdf_export.ExportError as exc:
        raise SystemExit(f"error: the exercise-book PDF failed ({exc}); --no-pdf builds the zip without it") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.site.dist", description=__doc__.splitlines()[0])
    parser.add_argument("--audience", choices=settings.AUDIENCES, default=None, help="default: COURSE_AUDIENCE, else instructor")
    parser.add_argument("--out", default="dist")
    parser.add_argument("--site-dir", help="package this built site instead of building one")
    parser.add_argument("--config-file", "-f", default="mkdocs.yml")
    parser.add_argument("--no-pdf", action="store_true", help="leave the exercise-book PDF out (no Chromium needed)")
    args = parser.parse_args(argv)
    args.audience = args.audience or settings.audience()
    root = os.path.dirname(os.path.abspath(args.config_file))
    course_version = version.course_version(root)
    if args.site_dir:
        course_version = built_version(args.site_dir) or course_version
        target = package(args.site_dir, args.out, course_version, args.audience)
    else:
        staging = tempfile.mkdtemp(prefix="course-dist-")
        try:
            build(args.config_file, staging, args.audience)
            if not args.no_pdf:
                add_book_pdf(staging)
            target = package(staging, args.out, course_version, args.audience)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    size = os.path.getsize(target)
    print(f"{target} ({size / 1e6:.1f} MB, course version {course_version}, {args.audience} edition)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
