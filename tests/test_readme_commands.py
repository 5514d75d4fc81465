"""README's two set-up commands stay true (CI runs the test command exactly as README gives
it), README stays short, and the links of README and CONTRIBUTING.md lead somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.DOTALL)
    assert block, "README.md must start with a bash block of set-up commands"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_starts_with_a_build_and_a_test_command():
    build, tests = _readme_commands()
    assert build.endswith("nox -s build") and "nox==" in build, build
    assert tests.endswith("nox -s tests"), tests


def test_ci_runs_readme_test_command_verbatim():
    _, tests = _readme_commands()
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[-1] == tests, f".ci/run must end with README's test command {tests!r}, not {commands[-1]!r}"


def test_nox_pin_matches_between_readme_and_ci():
    build, _ = _readme_commands()
    pin = re.search(r"nox==[\w.]+", build).group(0)
    assert pin in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_stays_short_and_leaves_the_rules_to_the_handbook():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 12 * 1024
    assert "| CF100 |" not in text and "rules:start" not in text, "the rule reference lives in the handbook"
    assert "nox -s handbook" in text


def test_relative_links_of_readme_and_contributing_exist():
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
        local = [t for t in targets if "://" not in t]
        assert local, f"{name} links nowhere"
        for target in local:
            assert (ROOT / target).exists(), f"{name} links to {target}, which does not exist"
