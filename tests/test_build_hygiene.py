"""Issue 9, hygiene: the build is reproducible and needs no network.

* Two clean builds of the same sources give byte-identical sites: every file,
  the sitemap (``lastmod``) and its gzip, the search index, the decks and the lab
  archives included.  The build pins ``SOURCE_DATE_EPOCH`` to the last commit's
  time when the caller did not set it (``coursekit.site.reproducible``).
* One of the two builds runs with every outbound connection refused: a
  ``sitecustomize.py`` on ``PYTHONPATH`` patches ``socket.connect`` in every Python
  process of the build to refuse non-loopback addresses, and logs each attempt.
"""

from __future__ import annotations

import filecmp
import gzip
import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build

from coursekit.book import lab_archives
from coursekit.site import reproducible

SITECUSTOMIZE = textwrap.dedent(
    '''
    """Refuse every connection that leaves the machine (loaded by Python at start-up)."""
    import ipaddress
    import os
    import socket

    _LOG = os.environ.get("NO_NETWORK_LOG")


    def _loopback(address):
        if not isinstance(address, tuple):
            return True  # AF_UNIX
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False


    def _record(address):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()} refused {address!r}\\n")


    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


    def connect(self, address):
        if not _loopback(address):
            _record(address)
            raise ConnectionRefusedError(f"network disabled for this build: {address!r}")
        return _connect(self, address)


    def connect_ex(self, address):
        if not _loopback(address):
            _record(address)
            return 111  # ECONNREFUSED
        return _connect_ex(self, address)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} active\\n")
    '''
)


def _no_network_env(tmp_path: Path) -> tuple[dict, Path]:
    folder = tmp_path / "no-network"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "connections.log"
    pythonpath = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": pythonpath, "NO_NETWORK_LOG": str(log)}, log


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The real course copied once, built twice into different folders; the second build offline."""
    base = tmp_path_factory.mktemp("hygiene")
    project = copy_project(base / "course")
    env, log = _no_network_env(base)
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)  # the build must pin it itself
        first = mkdocs_build(project, base / "site-a")
        second = mkdocs_build(project, base / "site-b", env=env)
    return base, first, second, log


def test_the_network_guard_refuses_outbound_connections(tmp_path):
    env, log = _no_network_env(tmp_path)
    code = "import urllib.request\ntry:\n    urllib.request.urlopen('http://93.184.215.14/', timeout=5)\nexcept OSError as e:\n    print('refused', e)\n"
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, **env), capture_output=True, text=True, timeout=60)
    assert "refused" in out.stdout and "network disabled" in out.stdout, out.stdout + out.stderr
    assert "refused ('93.184.215.14', 80)" in log.read_text()


@pytest.mark.slow
def test_the_whole_build_passes_without_network(two_builds):
    base, _first, second, log = two_builds
    assert second.returncode == 0, second.stderr[-4000:]
    entries = log.read_text().splitlines()
    assert any(line.endswith(" active") for line in entries), "the network guard was not loaded"
    assert [line for line in entries if " refused " in line] == [], "the build tried to reach the network"
    assert (base / "site-b/index.html").is_file()


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(two_builds):
    base, first, second, _log = two_builds
    assert first.returncode == 0 and second.returncode == 0, first.stderr[-3000:] + second.stderr[-3000:]
    a, b = base / "site-a", base / "site-b"
    assert _tree(a) == _tree(b)
    different = [rel for rel in _tree(a) if (a / rel).is_file() and not filecmp.cmp(a / rel, b / rel, shallow=False)]
    assert different == []
    # The files that usually carry build times, checked explicitly.
    for rel in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "downloads/course-labs.zip", "downloads/course-labs.tar.gz", "slides/index.html"):
        assert (a / rel).is_file(), rel
    # Outside git (a copied project) the pinned date is the archives' default epoch.  (The
    # sitemap lists pages, each with a <lastmod>, only when mkdocs.yml sets a site_url.)
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (a / "sitemap.xml").read_text()))
    assert lastmods <= {"2000-01-01"}
    with gzip.open(a / "sitemap.xml.gz") as gz:
        assert gz.read() == (a / "sitemap.xml").read_bytes()
    assert int.from_bytes((a / "sitemap.xml.gz").read_bytes()[4:8], "little") == lab_archives.DEFAULT_EPOCH


# -- coursekit.site.reproducible -------------------------------------------------------------------


def test_pin_uses_the_last_commit_time_in_a_git_checkout(tmp_path):
    env = {"PATH": os.environ["PATH"], "GIT_AUTHOR_DATE": "2026-03-04T05:06:07Z", "GIT_COMMITTER_DATE": "2026-03-04T05:06:07Z"}
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True, env=env)
    (tmp_path / "a.md").write_text("# A\n")
    subprocess.run([*git, "add", "a.md"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "a"], check=True, env=env)
    environ: dict = {}
    assert reproducible.pin_source_date_epoch(str(tmp_path), environ) == 1772600767
    assert environ["SOURCE_DATE_EPOCH"] == "1772600767"


def test_pin_outside_git_and_callers_value(tmp_path):
    environ: dict = {}
    assert reproducible.pin_source_date_epoch(str(tmp_path), environ) == lab_archives.DEFAULT_EPOCH
    # A value pinned by us is refreshed on the next rebuild; one set by the caller is kept.
    assert reproducible.pin_source_date_epoch(str(tmp_path), environ) == lab_archives.DEFAULT_EPOCH
    mine = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert reproducible.pin_source_date_epoch(str(tmp_path), mine) is None and mine["SOURCE_DATE_EPOCH"] == "1700000000"


def test_sitemap_dates_come_from_the_pinned_epoch(tmp_path, monkeypatch):
    from test_bad_inputs import write_course

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = write_course(tmp_path / "course")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "site_url: https://training.example.org/course/\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    sitemap = (tmp_path / "site/sitemap.xml").read_text()
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert len(lastmods) >= 3 and set(lastmods) == {"2000-01-01"}, sitemap[:1000]


@pytest.fixture
def new_york(monkeypatch):
    """The process's local time zone is America/New_York (UTC-5 in January) for the test."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_archive_timestamps_are_utc_in_any_local_time_zone(tmp_path, new_york):
    import tarfile
    import time
    import zipfile

    assert time.localtime(lab_archives.DEFAULT_EPOCH)[:4] == (1999, 12, 31, 19)  # the zone is really in effect
    src = tmp_path / "a.txt"
    src.write_text("x\n")
    entries = [("labs/x/a.txt", str(src))]
    with zipfile.ZipFile(io.BytesIO(lab_archives.make_zip(entries, lab_archives.DEFAULT_EPOCH))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    epoch = 1772600767  # 2026-03-04T05:06:07Z
    with zipfile.ZipFile(io.BytesIO(lab_archives.make_zip(entries, epoch))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 3, 4, 5, 6, 6)}  # zip stores even seconds
    with tarfile.open(fileobj=io.BytesIO(lab_archives.make_tar_gz(entries, epoch))) as tf:
        assert {m.mtime for m in tf.getmembers()} == {epoch}
