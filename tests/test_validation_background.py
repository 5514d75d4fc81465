"""Issue 9: in `mkdocs build` the validation pass runs in a forked worker while MkDocs
renders, so it costs the build (almost) no wall time; errors still fail the build at file:line."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import load_hook
from mkdocs.exceptions import PluginError

from coursekit.site import session
from coursekit.site import validation as site_validation

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def course(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Page\n\n```dockerfile\nFROM docker.io/library/alpine:3.23\nWORKDIR\n```\n")
    (docs / "clean.md").write_text("# Clean\n")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), extra={})
    return tmp_path, config


def _page(path: Path):
    return SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path)))


needs_fork = pytest.mark.skipif(not site_validation.BackgroundValidation.supported(), reason="fork start method only on Linux")


@needs_fork
def test_background_result_equals_the_synchronous_pass(course):
    root, _config = course
    folders = [str(root / "docs"), str(root / "exercises")]
    background = site_validation.BackgroundValidation(site_validation.SiteValidator(str(root)), folders)
    result = background.wait(60)
    assert result.findings == site_validation.SiteValidator(str(root)).validate(folders).findings
    assert [f.format() for f in result.errors] == ["docs/page.md:5:1: error CF103 WORKDIR requires exactly one argument"]
    assert background.poll() is result and background.seconds > 0


@needs_fork
def test_page_events_never_raise_the_build_fails_in_on_env_or_at_post_build(course):
    """Raised from a page event, MkDocs would log "Error reading page '<that page>'" first and
    blame whichever page was being rendered; the findings are raised outside page processing."""
    root, config = course
    hook = load_hook("validation")
    session.start("build")
    hook.on_config(config)
    assert session.current().validation.pending is not None  # forked in on_config
    assert hook.on_files([], config) == []  # does not wait
    # A page with a bad snippet waits for the result; the build is bound to fail, so the page
    # keeps its title only (it cannot fail on its own, and rendering it would be wasted).
    md = hook.on_page_markdown('# Clean\n\n```\n--8<-- "docs/missing.md"\n```\n', _page(root / "docs/clean.md"), config, None)
    assert md == "# Clean\n"
    assert hook.on_page_markdown("# Next page\n\nText.\n", _page(root / "docs/clean.md"), config, None) == "# Next page\n"
    with pytest.raises(PluginError) as exc:
        hook.on_env(None, config, None)
    assert str(exc.value).splitlines()[0] == "docs/page.md:5:1: error CF103 WORKDIR requires exactly one argument"

    hook.on_config(config)
    hook.on_files([], config)
    with pytest.raises(PluginError, match="docs/page.md:5:1"):
        hook.on_post_build(config)


@needs_fork
def test_an_undecodable_page_renders_and_the_build_fails_with_its_line(course):
    root, config = course
    (root / "docs/bad.md").write_bytes(b"# Bad\n\n\xff\n")
    (root / "docs/page.md").write_text("# Page\n")
    hook = load_hook("validation")
    session.start("build")
    hook.on_config(config)
    assert hook.on_page_read_source(_page(root / "docs/bad.md"), config) == "# Bad\n\n\ufffd\n"
    with pytest.raises(PluginError, match=r"^docs/bad\.md:3:1: error CK006 is not valid UTF-8"):
        hook.on_env(None, config, None)


@needs_fork
def test_a_clean_course_renders_pages_unchanged(course):
    root, config = course
    (root / "docs/page.md").write_text("# Page\n")
    (root / "docs/snip.txt").write_text("echo hi\n")
    hook = load_hook("validation")
    session.start("build")
    hook.on_config(config)
    md = '# Clean\n\n```\n--8<-- "docs/snip.txt"\n```\n'
    assert hook.on_page_markdown(md, _page(root / "docs/clean.md"), config, None) == md
    assert hook.on_env("env", config, None) == "env"
    hook.on_post_build(config)


def test_a_failing_build_renders_pages_as_their_title_only():
    page = '---\ntitle: x\n---\n```bash\n# not a title\n```\n# The title\n\n```\n--8<-- "missing.txt"\n```\n' + "x\n" * 5000
    assert site_validation.failed_build_page(page) == "# The title\n"
    assert site_validation.failed_build_page("No title here.\n") == ""


def test_without_fork_the_build_validates_in_on_files(course, monkeypatch):
    root, config = course
    monkeypatch.setattr(site_validation.BackgroundValidation, "supported", staticmethod(lambda: False))
    hook = load_hook("validation")
    session.start("build")
    hook.on_config(config)
    assert session.current().validation.pending is None
    with pytest.raises(PluginError, match="docs/page.md:5:1"):
        hook.on_files([], config)


def test_which_pages_wait_for_the_result(tmp_path):
    (tmp_path / "small.txt").write_text("FROM x\n")
    (tmp_path / "long.txt").write_text("RUN true\n" * 1001)
    (tmp_path / "big.txt").write_text("x" * 100_001)
    root = str(tmp_path)

    def page(target: str) -> str:
        return f'```\n--8<-- "{target}"\n```\n'

    assert not site_validation.needs_result_first("# Plain page\n\nText.\n", root)
    assert not site_validation.needs_result_first(page("small.txt"), root)
    assert not site_validation.needs_result_first(page("small.txt:1:1"), root)
    for target in ("missing.txt", "../outside.txt", "/etc/passwd", "long.txt", "big.txt"):
        assert site_validation.needs_result_first(page(target), root), target
    assert site_validation.needs_result_first(page("small.txt"))  # no root: every snippet page waits
    assert not site_validation.needs_result_first("--8<--\nsmall.txt\n--8<--\n", root)  # block form: its files are judged too
    assert site_validation.needs_result_first("--8<--\nmissing.txt\n--8<--\n", root)
    assert not site_validation.needs_result_first("x\n" * 1001, root)  # a long page with no long block
    assert not site_validation.needs_result_first(("```\nx\n```\n" + "y\n" * 20) * 60, root)
    assert site_validation.needs_result_first("```\n" + "x\n" * 1001 + "```\n", root)
    assert site_validation.needs_result_first("```text\n" + "x" * 100_001 + "\n```\n", root)
    assert site_validation.needs_result_first("y\n" * 1001 + "```\nnever closed\n", root)


# -- serve: broken sources still render, with the banner ------------------------------------------


def test_bad_snippet_lines_become_notes_in_serve(tmp_path):
    (tmp_path / "ok.txt").write_text("FROM x\n")
    (tmp_path / "leak.txt").symlink_to("/etc/hostname")
    page = '```\n--8<-- "ok.txt"\n```\n\n    --8<-- "missing.txt"\n--8<-- "../x"\n--8<-- \'/etc/passwd\'\n--8<-- "leak.txt"\n'
    out = site_validation.neutralize_bad_snippets(page, str(tmp_path)).splitlines()
    assert out[1] == '--8<-- "ok.txt"' and len(out) == len(page.splitlines())
    assert out[4] == "    [course-check: snippet file 'missing.txt' does not exist]"
    assert out[5] == "[course-check: snippet '../x' points outside the repository]"
    assert out[6].startswith("[course-check: snippet '/etc/passwd' uses an absolute path")
    assert out[7] == "[course-check: snippet 'leak.txt' points outside the repository]"
    assert site_validation.neutralize_bad_snippets("# No snippets\n", str(tmp_path)) == "# No snippets\n"


def test_undecodable_page_is_read_with_replacement_characters(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"# Bad \xff page\n")
    assert site_validation.unreadable(str(tmp_path / "bad.md")) and not site_validation.unreadable(None)
    assert site_validation.read_replacing(str(tmp_path / "bad.md")) == "# Bad \ufffd page\n"


def test_files_linking_outside_are_never_published(tmp_path):
    (tmp_path / "inside.txt").write_text("x")
    (tmp_path / "link-in.txt").symlink_to(tmp_path / "inside.txt")
    (tmp_path / "link-out.txt").symlink_to("/etc/hostname")
    files = [SimpleNamespace(abs_src_path=str(tmp_path / n)) for n in ("inside.txt", "link-in.txt", "link-out.txt")] + [SimpleNamespace(abs_src_path=None)]
    assert [f.abs_src_path for f in site_validation.outside_files(files, str(tmp_path))] == [str(tmp_path / "link-out.txt")]


@needs_fork
@pytest.mark.parametrize("disable", [["CF103"], ["WorkdirArgumentCount"], []])
def test_rules_switched_off_in_mkdocs_yml_are_not_reported(course, disable):
    """``extra.course.checks.disable`` by code or by name; the rule registry is only imported where
    it is needed (the worker, or on_config when the list is not empty), the result is the same."""
    root, config = course
    from coursekit.validation.registry import REGISTRY

    name = REGISTRY.get("CF103").name
    disable = [name if d == "WorkdirArgumentCount" else d for d in disable]
    hook = load_hook("validation")
    session.start("build")
    session.current().configure(config.config_file_path, {"course": {"checks": {"disable": disable}}})
    hook.on_config(config)
    hook.on_files([], config)
    if disable:
        assert session.current().validator.disabled == frozenset({"CF103"})
        hook.on_env("env", config, None)
        hook.on_post_build(config)
    else:
        with pytest.raises(PluginError, match="docs/page.md:5:1: error CF103"):
            hook.on_post_build(config)


def test_an_unknown_rule_in_mkdocs_yml_stops_the_build(course):
    root, config = course
    hook = load_hook("validation")
    session.start("build")
    session.current().configure(config.config_file_path, {"course": {"checks": {"disable": ["CF103", "NoSuchRule"]}}})
    with pytest.raises(PluginError, match=r"^course-check: extra.course.checks.disable names unknown rule\(s\): NoSuchRule$"):
        hook.on_config(config)
