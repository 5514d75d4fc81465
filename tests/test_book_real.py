"""Issue 6 on the real course: the book and guide of the built site, and a trainee
build of the real tree that must not leak anything instructor-only."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build

pytestmark = pytest.mark.slow


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _front_matter(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def _exercises() -> dict[str, dict]:
    return {p.parent.name: _front_matter(p) for p in sorted((REPO / "exercises").glob("*/index.md"))}


def test_every_book_exercise_is_numbered_indexed_and_paged(built_site):
    index = soup(built_site / "exercises" / "index.html")
    listed = [a["href"].split("/")[0] for a in index.select(".exercise-index tbody td:nth-of-type(2) a[href]")]
    book = [ex for ex, fm in _exercises().items() if fm.get("kind") != "demo"]
    assert sorted(listed) == sorted(book)
    exercises, appendices = index.select(".exercise-index table")
    numbers = [tr.select_one("td").get_text(strip=True) for tr in exercises.select("tbody tr")][:-1]  # without the total
    assert numbers == sorted(numbers, key=lambda n: tuple(int(p) for p in n.split(".")))
    letters = [tr.select_one("td").get_text(strip=True) for tr in appendices.select("tbody tr")]
    assert letters == ["A"] and listed[-1] == "shell-basics"  # the shell appendix ends the book, lettered, not "Exercise 1.1"
    numbers += letters
    for i, ex in enumerate(listed):
        page = soup(built_site / "exercises" / ex / "index.html")
        assert re.match(rf"^(Exercise|Wrap-up|Appendix) {re.escape(numbers[i])}: ", page.select_one("article h1").get_text(strip=True))
        assert page.select_one(".exercise-facts a.exercise-slide-link")
        pager = {a["class"][0] for a in page.select("nav.exercise-pager a")}
        assert ("exercise-pager__prev" in pager) == (i > 0) and ("exercise-pager__next" in pager) == (i + 1 < len(listed))


#: Hidden files that are lab files all the same (as in coursekit.course.exercise_root).
KEPT_DOTFILES = {".env", ".dockerignore", ".containerignore"}


def test_real_bundle_equals_the_lab_files(built_site):
    expected = set()
    for path in (REPO / "exercises").rglob("*"):
        parts = path.relative_to(REPO / "exercises").parts
        if (
            path.is_file()
            and len(parts) >= 3
            and parts[1] in ("files", "solution")
            and not any(p.startswith(".") and p not in KEPT_DOTFILES or p == "__pycache__" for p in parts)
        ):
            inner = "/".join(parts[2:])
            expected.add(f"labs/{parts[0]}/{inner}" if parts[1] == "files" else f"labs/{parts[0]}/solution/{inner}")
    with zipfile.ZipFile(built_site / "downloads" / "course-labs.zip") as zf:
        assert {n for n in zf.namelist() if not n.endswith("/")} == expected


def _block_texts(text: str, name: str) -> list[str]:
    """Distinctive lines inside ``/// name`` blocks."""
    out, inside = [], False
    for line in text.splitlines():
        if re.match(rf"^\s*/{{3,}}\s*{name}\b", line):
            inside = True
        elif inside and re.match(r"^\s*/{3,}\s*$", line):
            inside = False
        elif inside and len(line.strip()) > 40 and not line.strip().startswith(("```", "$", "#", "|", "--8<--")):
            out.append(line.strip()[:48])
    return out


def test_real_trainee_build_leaks_nothing_instructor_only(tmp_path):
    from coursekit.course.audience_filter import scan_for_leaks, strip_blocks

    site = tmp_path / "trainee"
    result = mkdocs_build(REPO, site, env={"COURSE_AUDIENCE": "trainee"})
    assert result.returncode == 0, result.stderr[-3000:]
    sources = sorted((REPO / "docs").rglob("*.md")) + sorted((REPO / "exercises").glob("*/index.md"))
    public = "\n".join(strip_blocks(p.read_text(encoding="utf-8"), ("notes", "solution", "demo")) for p in sources if "guide" not in p.parts)
    markers = []
    for p in sources:
        text = p.read_text(encoding="utf-8")
        markers += _block_texts(text, "notes") + _block_texts(text, "solution")
    demos = {ex: fm for ex, fm in _exercises().items() if fm.get("kind") == "demo"}
    markers += [f"exercises/{ex}/" for ex in demos] + [fm["title"] for fm in demos.values()]
    # Only text that exists nowhere but in instructor-only places says anything about a leak.
    markers = sorted({m for m in markers if " ".join(m.split()) not in " ".join(public.split())})
    assert len(markers) > 50
    assert scan_for_leaks(str(site), markers, solutions_dropped=True) == []
    assert not (site / "guide").exists()
    assert not [p for p in site.rglob("*") if p.name == "solution" and p.is_dir()]


def _image_rows(built_site: Path) -> tuple[dict[str, list[str]], set[str], str]:
    """(image -> exercise ids that use it, images of the pull loop, guide text) from the built guide."""
    guide = soup(built_site / "guide" / "index.html")
    box = guide.select_one(".image-list")
    assert box is not None, "the guide has no generated image list"
    rows = {}
    for tr in box.select("table tbody tr"):
        image_cell, used_by = tr.select("td")
        rows[image_cell.get_text(strip=True)] = [a["href"].split("/")[-2] for a in used_by.select("a[href]")]
    loop = box.select_one(".language-console code").get_text()
    m = re.search(r"for image in (.+?); do docker image pull \"\$image\"; done", loop)
    assert m, loop
    return rows, set(m.group(1).split()), guide.get_text(" ", strip=True)


def test_guide_lists_exactly_the_images_the_real_labs_pull(built_site):
    rows, pulled, text = _image_rows(built_site)
    assert pulled == set(rows) and len(rows) >= 5
    # The hand-written list's mistakes stay gone: images no exercise uses, redis for networking, gcc for multi-stage builds.
    assert not set(rows) & {"gcc:14", "busybox:1.37", "debian:trixie-slim", "python:3.13-slim"}
    assert not {"networking-intro", "port-mapping", "demo-single-host-networks"} & set(rows.get("redis:8.2-alpine", []))
    assert {image for image, users in rows.items() if "multi-stage-builds" in users} == {"alpine:3.24"}
    # Every base image of a lab or solution Containerfile is listed (build stages and scratch are not images) ...
    bases = set()
    for path in sorted((REPO / "exercises").glob("*/*/**/*")):
        if (
            path.is_file()
            and path.name.lower().startswith(("containerfile", "dockerfile"))
            and path.relative_to(REPO / "exercises").parts[1] in ("files", "solution")
        ):
            stages = set()
            for m in re.finditer(r"^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", path.read_text(encoding="utf-8"), re.MULTILINE | re.IGNORECASE):
                if m.group(1).lower() not in stages | {"scratch"}:
                    bases.add(m.group(1))
                if m.group(2):
                    stages.add(m.group(2).lower())
    assert bases and bases <= set(rows), bases - set(rows)
    # ... every listed image is written in the exercises, and none is one the course builds or pushes itself.
    sources = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (REPO / "exercises").rglob("*") if p.is_file())
    assert all(image in sources for image in rows), [i for i in rows if i not in sources]
    built = set(re.findall(r"--tag\s+(\S+)", sources)) | set(re.findall(r"docker image tag \S+ (\S+)", sources))
    assert built and not built & set(rows)
    assert not [image for image in rows if image.startswith(("localhost", "127.0.0.1"))]
    # The guide says that builds need package mirrors during the lab, and how to give builds a proxy.
    assert "apt-get" in text and "~/.docker/config.json" in text and "--build-arg HTTP_PROXY" in text
