"""The bounded YAML loader behind the compose checks (coursekit.validation.compose.safe_yaml)."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from coursekit.validation.compose import safe_yaml
from coursekit.validation.compose.safe_yaml import YamlProblem


def problem(text: str, **limits) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        safe_yaml.load(text, **limits)
    return info.value


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_in_milliseconds_without_memory_blowup():
    bomb = billion_laughs()  # 9**10 values once expanded, a few hundred bytes of text
    assert len(bomb) < 1000
    tracemalloc.start()
    start = time.perf_counter()
    err = problem(bomb)
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert err.kind == "unsafe"
    assert "alias bomb" in err.message and "*a" in err.message
    assert elapsed < 0.5, f"alias bomb took {elapsed:.3f} s"
    assert peak < 5 * 1024 * 1024, f"alias bomb used {peak} bytes"
    # Refused at the alias that crosses the limit, not at the document start.
    assert err.line > 0


def test_alias_bomb_through_mappings_and_merge_keys_is_refused():
    lines = ["x0: &x0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}"]
    for i in range(1, 9):
        refs = ", ".join(f"k{j}: *x{i - 1}" for j in range(8))
        lines.append(f"x{i}: &x{i} {{{refs}}}")
    lines.append("services: {web: {<<: *x8, image: 'nginx:1.30'}}")
    assert problem("\n".join(lines)).kind == "unsafe"


def test_shared_anchors_below_the_limit_still_load():
    # The bomb's shape, but small: 9**4 = 6561 values.
    doc = safe_yaml.load(billion_laughs(levels=3))
    assert len(doc.data["a3"]) == 9 and doc.data["a3"][0][0][0] == ["lol"] * 9


def test_200_levels_of_nesting_are_refused_cleanly():
    for text in ("a: " + "[" * 200 + "]" * 200, "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n"):
        err = problem(text)
        assert err.kind == "unsafe" and "deeper than 64" in err.message


def test_depth_through_aliases_is_bounded():
    lines = ["l0: &l0 [x]"] + [f"l{i}: &l{i} [*l{i - 1}]" for i in range(1, 80)]
    err = problem("\n".join(lines))
    assert err.kind == "unsafe" and "*l" in err.message


def test_nesting_of_real_compose_files_is_fine():
    text = "services:\n  web:\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n"
    assert safe_yaml.load(text).data["services"]["web"]["deploy"]["resources"]["limits"] == {"cpus": "0.5"}


def test_huge_documents_are_refused_before_parsing():
    err = problem("a: " + "x" * 2000, max_bytes=1000)
    assert err.kind == "unsafe" and "larger than" in err.message


def test_recursive_alias_is_refused():
    err = problem("a: &x\n  b: *x\n")
    assert err.kind == "unsafe" and (err.line, err.column) == (1, 5)


def test_undefined_alias_is_a_syntax_error_at_the_alias():
    err = problem("services:\n  web: *web\n")
    assert err.kind == "syntax" and (err.line, err.column) == (1, 7)


def test_tab_indentation_is_reported_at_its_line():
    err = problem("services:\n  web:\n\timage: nginx:1.30\n")
    assert err.kind == "syntax" and "tab" in err.message and (err.line, err.column) == (2, 0)
    err = problem("services:\n  web:\n  \t  image: nginx:1.30\n")
    assert (err.line, err.column) == (2, 2)


def test_tabs_inside_values_and_block_scalars_are_fine():
    doc = safe_yaml.load("a:\tb\nscript: |\n  make\n  \tindented with a tab\n")
    assert doc.data == {"a": "b", "script": "make\n\tindented with a tab\n"}


def test_syntax_error_position():
    err = problem("services:\n  web:\n    image: nginx\n   ports: [80\n")
    assert err.kind == "syntax" and err.message.startswith("YAML syntax error") and err.line in (2, 3)


def test_duplicate_keys_are_errors_at_the_second_key():
    err = problem("services:\n  web:\n    image: a\n    ports: []\n    image: b\n")
    assert err.kind == "duplicate" and (err.line, err.column, err.other_line) == (4, 4, 2)
    assert "'image'" in err.message


def test_merge_keys_and_x_anchors_keep_working():
    text = """\
x-defaults: &defaults
  restart: always
  image: base:1
x-env: &env
  A: "1"
services:
  one:
    <<: *defaults
    image: own:2
  two:
    <<: [*defaults, {restart: "no", user: app}]
    environment:
      <<: *env
      B: "2"
"""
    doc = safe_yaml.load(text)
    assert doc.data["services"]["one"] == {"image": "own:2", "restart": "always"}
    assert doc.data["services"]["two"] == {"environment": {"A": "1", "B": "2"}, "restart": "always", "image": "base:1", "user": "app"}
    # Merged keys point at their definition in the anchor; own keys at themselves.
    assert doc.where(("services", "one", "restart"), key=True) == (1, 2)
    assert doc.where(("services", "one", "image"), key=True) == (8, 4)
    assert doc.where(("services", "two", "environment", "A")) == (4, 5)


def test_merged_key_does_not_count_as_duplicate():
    doc = safe_yaml.load("x: &x {a: 1}\ny:\n  <<: *x\n  a: 2\n")
    assert doc.data["y"] == {"a": 2}


def test_yaml_1_2_scalars_as_compose_reads_them():
    doc = safe_yaml.load("a: yes\nb: on\nc: 22:22\nd: 0o755\ne: true\nf: ~\ng: 1.5\nh: '8080'\nj: !!str 5\n")
    assert doc.data == {"a": "yes", "b": "on", "c": "22:22", "d": 493, "e": True, "f": None, "g": 1.5, "h": "8080", "j": "5"}


def test_compose_tags_reset_and_override_are_accepted():
    doc = safe_yaml.load("services:\n  web:\n    ports: !reset []\n    environment: !override\n      A: 1\n")
    assert doc.data["services"]["web"] == {"ports": [], "environment": {"A": 1}}


def test_unknown_tags_are_refused():
    assert "unsupported YAML tag" in problem("a: !!python/object:os.system x\n").message


def test_positions_of_keys_and_items():
    text = 'services:\n  web:\n    ports:\n      - "80:80"\n      - target: 443\n'
    doc = safe_yaml.load(text)
    assert doc.where(("services", "web"), key=True) == (1, 2)
    assert doc.where(("services", "web", "ports", 0)) == (3, 8)
    assert doc.where(("services", "web", "ports", 1, "target"), key=True) == (4, 8)
    assert doc.where(("services", "web", "ports", 1, "target")) == (4, 16)
    # Unknown paths fall back to the nearest known parent.
    assert doc.where(("services", "web", "nope")) == doc.where(("services", "web"))


def test_second_document_is_refused():
    err = problem("services: {}\n---\nservices: {}\n")
    assert err.kind == "syntax" and err.line == 1
