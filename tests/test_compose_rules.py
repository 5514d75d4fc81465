"""Every compose rule: cases that must fire (at the right line) and cases that must not."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from coursekit.markdown.blocks import Annotation, SourceLine, parse_annotation
from coursekit.validation import checker
from coursekit.validation.checker import Artifact
from coursekit.validation.compose import checks as compose_checks
from coursekit.validation.registry import REGISTRY

TODAY = date(2026, 11, 28)


def artifact(text: str, path: str = "compose.yaml", annotation: Annotation | None = None, is_file: bool = False) -> Artifact:
    text = textwrap.dedent(text)
    lines = [SourceLine(t, path, n) for n, t in enumerate(text.splitlines(), start=1)]
    return Artifact("compose", lines, path, 1, annotation, is_file)


def run(text: str, **kw) -> list:
    return sorted(compose_checks.check(artifact(text, **kw), today=TODAY))


def hits(text: str, code: str, **kw) -> list[int]:
    return [f.line for f in run(text, **kw) if f.code == code]


# (code, compose text, lines where the rule must fire)
FIRE = [
    ("CO001", "services:\n  web:\n    image: [nginx\n", [3]),
    ("CO001", "services:\n  web:\n\timage: nginx:1.30\n", [3]),
    ("CO002", "services:\n  web:\n    image: a:1\n  web:\n    image: b:1\n", [4]),
    (
        "CO003",
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e]\n",
        [5],
    ),
    ("CO004", "services:\n  web:\n    image: nginx:1.30\n    driver: bridge\n", [4]),
    ("CO004", "services:\n  web:\n    image: nginx:1.30\nnetwork:\n  front: {}\n", [4]),
    ("CO004", "services:\n  web:\n    image: nginx:1.30\n    deploy:\n      resources:\n        limits:\n          cpu: '0.5'\n", [7]),
    ("CO005", 'services:\n  web:\n    image: nginx:1.30\n    ports: "80:80"\n', [4]),
    ("CO005", "services:\n  web:\n    image: nginx:1.30\n    depends_on:\n      db:\n        condition: service_ready\n  db:\n    image: redis:8.2\n", [6]),
    ("CO005", "services:\n", [1]),
    ("CO101", "services:\n  web:\n    image: nginx:1.30\n    networks:\n      front:\n        aliases: [w]\n", [5]),
    (
        "CO102",
        "services:\n  db:\n    image: postgres:17\n    volumes:\n      - type: volume\n        source: pgdata\n        target: /var/lib/postgresql/data\n",
        [6],
    ),
    ("CO102", 'services:\n  db:\n    image: postgres:17\n    volumes: ["pgdata:/var/lib/postgresql/data"]\n', [4]),
    ("CO103", "services:\n  web:\n    image: nginx:1.30\n    secrets:\n      - source: cert\n        target: tls.crt\n", [5]),
    ("CO104", "services:\n  web:\n    image: nginx:1.30\n    configs: [site]\nconfigs:\n  other:\n    file: ./x\n", [4]),
    ("CO105", "services:\n  web:\n    image: nginx:1.30\n    depends_on: [api]\n", [4]),
    ("CO105", "services:\n  web:\n    image: nginx:1.30\n    depends_on:\n      api:\n        condition: service_started\n        required: false\n", [5]),
    ("CO105", 'services:\n  web:\n    image: nginx:1.30\n    links: ["db:database"]\n    volumes_from: [data]\n', [4, 5]),
    ("CO105", "services:\n  web:\n    image: nginx:1.30\n    network_mode: service:vpn\n", [4]),
    ("CO105", "services:\n  web:\n    extends: base\n", [3]),
    ("CO106", "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [a]\n", [7]),
    ("CO106", "services:\n  a:\n    image: x:1\n    depends_on: [a]\n", [4]),
    ("CO107", 'services:\n  web:\n    ports: ["80:80"]\n', [2]),
    ("CO107", "services:\n  base:\n    environment: {A: '1'}\n  web:\n    extends: base\n", [2, 4]),
    ("CO108", "services:\n  web:\n    image: nginx:1.30\n    network_mode: none\n    networks: [default]\n", [5]),
    ("CO109", "services:\n  web:\n    image: nginx:1.30\n    healthcheck:\n      test: [curl, -f, http://localhost]\n", [5]),
    ("CO106", "services:\n  a:\n    image: nginx:1.30\n    extends:\n      service: a\n", [5]),
    ("CO106", "services:\n  a:\n    image: nginx:1.30\n    extends: b\n  b:\n    image: nginx:1.30\n    extends: a\n", [4]),
    (
        "CO110",
        'services:\n  web:\n    image: nginx:1.30\n    ports:\n      - "80:80/http"\n      - "8000-8001:80-82"\n      - "1.2.3:80:80"\n      - "80:0"\n      - 99999\n',
        [5, 6, 7, 8, 9],
    ),
    ("CO110", "services:\n  web:\n    image: nginx:1.30\n    ports:\n      - target: 80\n        published: 8080\n        protocol: tcpp\n", [7]),
    ("CO110", 'services:\n  web:\n    image: nginx:1.30\n    expose: ["80/ftp", "abc"]\n', [4, 4]),
    ("CO111", "services:\n  web:\n    image: nginx:1.30\n    stop_grace_period: 10\n", []),  # a schema error (CO005), not a duration problem
    (
        "CO111",
        'services:\n  web:\n    image: nginx:1.30\n    stop_grace_period: "10"\n    healthcheck:\n      interval: 1 minute\n      timeout: 5sec\n',
        [4, 6, 7],
    ),
    ("CO111", "services:\n  web:\n    image: nginx:1.30\n    deploy:\n      restart_policy:\n        delay: 5x\n", [6]),
    (
        "CO112",
        'services:\n  web:\n    image: nginx:1.30\n    environment:\n      A: ${HOME\n      B: "${}"\n      C: ${1ABC}\n      D: ${X:-${Y}\n',
        [5, 6, 7, 8],
    ),
    ("CO201", 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.30\n', [1]),
    ("CO202", "services:\n  web:\n    image: nginx\n  db:\n    image: registry.example.com:5000/team/db\n", [3, 5]),
    ("CO203", 'services:\n  web:\n    image: nginx:latest\n  api:\n    image: "app:${TAG:-latest}"\n', [3, 5]),
    ("CO204", "services:\n  web:\n    image: python:3.8-slim\n  db:\n    image: postgres:12-alpine\n", [3, 5]),
    # redis 8.0 ends 2026-12-01 (redis.io), 3 days after TODAY; PHP 8.2 on 2026-12-31
    ("CO250", "services:\n  cache:\n    image: redis:8.0-alpine\n  web:\n    image: php:8.2-apache\n", [3, 5]),
    ("CO205", 'services:\n  a:\n    image: x:1\n    ports: ["8080:80"]\n  b:\n    image: x:1\n    ports:\n      - target: 81\n        published: 8080\n', [9]),
    ("CO205", 'services:\n  a:\n    image: x:1\n    ports: ["8000-8010:80-90", "127.0.0.1:8005:80"]\n', [4]),
    ("CO205", 'services:\n  web:\n    image: x:1\n    deploy:\n      replicas: 3\n    ports: ["8080:80", "9000-9010:80"]\n', [6]),
    (
        "CO205",
        'services:\n  a:\n    image: x:1\n    profiles: [dev]\n    ports: ["8080:80"]\n  b:\n    image: x:1\n    profiles: [dev, test]\n    ports: ["8080:80"]\n',
        [9],
    ),
    ("CO206", "services:\n  web:\n    image: nginx:1.30\n    privileged: true\n", [4]),
    ("CO207", "services:\n  ci:\n    image: docker:28-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n", [5]),
    (
        "CO207",
        "services:\n  ci:\n    image: docker:28-cli\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n",
        [6],
    ),
    ("CO208", "services:\n  web:\n    image: nginx:1.30\n    network_mode: host\n", [4]),
    # issue 15: duplicate container_name (Compose starts the first, the engine refuses the second)
    ("CO115", "services:\n  db:\n    image: postgres:17\n    container_name: app-db\n  replica:\n    image: postgres:17\n    container_name: app-db\n", [7]),
    ("CO115", "services:\n  a:\n    image: redis:8.2\n    container_name: ${NAME:-cache}\n  b:\n    image: redis:8.2\n    container_name: cache\n", [7]),
]

# (code, compose text): the rule must stay silent
QUIET = [
    ("CO001", 'services:\n  web:\n    image: nginx:1.30\n    command: ["sh", "-c", "printf \'a\\tb\'"]\n'),
    ("CO004", "services:\n  web:\n    image: nginx:1.30\n    x-anything: {a: 1}\nx-top: 1\nnetworks:\n  n:\n    x-note: ok\n"),
    (
        "CO004",
        "name: demo\nservices:\n  web:\n    image: nginx:1.30\n    develop:\n      watch:\n        - action: sync\n          path: .\n          target: /app\n",
    ),
    ("CO101", "services:\n  web:\n    image: nginx:1.30\n    networks: [default, front]\nnetworks:\n  front:\n"),
    (
        "CO102",
        "services:\n  web:\n    image: nginx:1.30\n    volumes:\n      - ./html:/usr/share/nginx/html\n      - /srv/data:/data\n      - /anonymous\n      - ~/cache:/cache\n      - data:/data2\n      - ${DATA_DIR:-./data}:/d\nvolumes:\n  data:\n",
    ),
    ("CO103", "services:\n  web:\n    image: nginx:1.30\n    secrets: [a, {source: b}]\nsecrets:\n  a: {file: ./a.txt}\n  b: {environment: B}\n"),
    (
        "CO104",
        "services:\n  web:\n    image: nginx:1.30\n    configs:\n      - site\n      - source: banner\n        target: /banner.txt\nconfigs:\n  site: {file: ./site.conf}\n  banner: {content: hello}\n",
    ),
    ("CO105", 'services:\n  web:\n    image: nginx:1.30\n    volumes_from: ["container:legacy"]\n    network_mode: "container:vpn"\n'),
    ("CO105", "include:\n  - other.yaml\nservices:\n  web:\n    image: nginx:1.30\n    depends_on: [db]\n"),
    ("CO106", "services:\n  a:\n    image: x:1\n    depends_on: [b, c]\n  b:\n    image: x:1\n    depends_on: [c]\n  c:\n    image: x:1\n"),
    (
        "CO107",
        "services:\n  base:\n    image: python:3.13-slim\n  web:\n    extends: base\n  job:\n    extends: {file: other.yaml, service: job}\n  built:\n    build: .\n",
    ),
    ("CO108", "services:\n  web:\n    image: nginx:1.30\n    network_mode: bridge\n"),
    (
        "CO109",
        'services:\n  a:\n    image: x:1\n    healthcheck:\n      test: curl -f http://localhost || exit 1\n  b:\n    image: x:1\n    healthcheck:\n      test: [CMD-SHELL, "true"]\n  c:\n    image: x:1\n    healthcheck:\n      test: [NONE]\n',
    ),
    (
        "CO110",
        'services:\n  web:\n    image: nginx:1.30\n    ports:\n      - 80\n      - "8080:80"\n      - 127.0.0.1:8443:443/tcp\n      - "[::1]:5353:53/udp"\n      - "9000-9002:9000-9002"\n      - "7000-7010:80"\n      - "127.0.0.1::5000"\n      - "0:80"\n      - "${PORT:-8081}:80"\n      - "${PORT}:81"\n      - 6000:6000/SCTP\n    expose: ["3000", 3001, "4000-4005/udp"]\n',
    ),
    (
        "CO111",
        'services:\n  web:\n    image: nginx:1.30\n    stop_grace_period: 1m30s\n    healthcheck:\n      interval: 500ms\n      timeout: 1.5s\n      start_period: 1h\n      start_interval: "0"\n    deploy:\n      restart_policy:\n        window: ${WINDOW:-2m}\n',
    ),
    (
        "CO112",
        "services:\n  web:\n    image: nginx:1.30\n    environment:\n      A: $$HOME\n      B: ${X:-${Y:-z}}\n      C: $HOME and $1 and 5$\n      D: ${X:?needs X}\n      E: ${X+set}\n      F: cost $$5\n",
    ),
    ("CO201", 'services:\n  web:\n    image: nginx:1.30\n    labels:\n      version: "3"\n'),
    (
        "CO202",
        "services:\n  web:\n    image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n  a:\n    image: localhost:5000/app:1.0\n  b:\n    image: ${IMAGE}\n  c:\n    build: .\n",
    ),
    ("CO203", "services:\n  web:\n    image: nginx:1.30-alpine\n"),
    ("CO204", "services:\n  web:\n    image: python:3.13-slim\n  db:\n    image: postgres:17-alpine\n"),
    # ended (CO204, not a warning), or far from the end
    ("CO250", "services:\n  web:\n    image: python:3.8-slim\n  cache:\n    image: redis:8.2-alpine\n"),
    (
        "CO205",
        'services:\n  a:\n    image: x:1\n    ports: ["8080:80", "8080:80/udp", "127.0.0.1:9000:80", "127.0.0.2:9000:80", "80"]\n  b:\n    image: x:1\n    ports: ["80", "8081:80"]\n',
    ),
    (
        "CO205",
        'services:\n  a:\n    image: x:1\n    profiles: [dev]\n    ports: ["8080:80"]\n  b:\n    image: x:1\n    profiles: [prod]\n    ports: ["8080:80"]\n  c:\n    image: x:1\n    scale: 2\n    ports: ["80"]\n',
    ),
    ("CO206", "services:\n  web:\n    image: nginx:1.30\n    privileged: false\n    cap_add: [NET_ADMIN]\n"),
    ("CO109", "services:\n  web:\n    image: nginx:1.30\n    healthcheck:\n      test: []\n"),  # docker compose config accepts it
    ("CO102", "services:\n  web:\n    image: nginx:1.30\n    volumes:\n      - source: ./x\n        target: /x\n"),  # missing type: CO005 only
    ("CO106", "services:\n  base:\n    image: nginx:1.30\n  web:\n    extends: base\n"),
    ("CO207", 'services:\n  web:\n    image: nginx:1.30\n    volumes: ["./docker.sock.txt:/x"]\n'),
    ("CO208", "services:\n  web:\n    image: nginx:1.30\n    network_mode: bridge\n"),
    # issue 15: awesome-compose's shape: build: plus the name of the image it builds
    ("CO202", "services:\n  backend:\n    build:\n      context: backend\n      target: builder\n    image: example/backend\n"),
    ("CO115", "services:\n  db:\n    image: postgres:17\n    container_name: app-db\n  web:\n    image: nginx:1.30\n    container_name: app-web\n"),
]


@pytest.mark.parametrize(("code", "text", "lines"), FIRE, ids=[f"{c}-{i}" for i, (c, _t, _l) in enumerate(FIRE)])
def test_rule_fires(code, text, lines):
    assert hits(text, code) == lines, run(text)


@pytest.mark.parametrize(("code", "text"), QUIET, ids=[f"{c}-{i}" for i, (c, _t) in enumerate(QUIET)])
def test_rule_stays_silent(code, text):
    assert hits(text, code) == [], run(text)


def test_every_compose_rule_has_cases():
    codes = {r.code for r in REGISTRY.of_kind("compose")}
    fired = {c for c, _t, lines in FIRE if lines}
    quiet = {c for c, _t in QUIET}
    assert codes - fired == {"CO113", "CO114"}  # lab-file rules: tested with real files below
    assert codes - quiet <= {"CO002", "CO003", "CO005", "CO113", "CO114"}


def test_messages_are_plain_words():
    found = run("services:\n  db:\n    image: postgres:17\n    backend:\n      driver: bridge\n")
    assert [f.message for f in found] == ["`backend` is not a service option"]
    found = run("services:\n  web:\n    image: nginx:1.30\n    enviroment: {A: '1'}\n")
    assert found[0].message == "`enviroment` is not a service option (did you mean `environment`?)"


def test_one_wrong_key_does_not_drown_its_siblings():
    """unevaluatedProperties reports every sibling once any allOf branch fails; we do not."""
    text = "services:\n  web:\n    image: nginx:1.30\n    ports: 8080\n    environment: {A: '1'}\n    restart: always\n    drivr: x\n"
    found = run(text)
    assert [(f.line, f.code) for f in found] == [(4, "CO005"), (7, "CO004")]


def test_one_of_errors_name_the_matching_alternative():
    found = run("services:\n  web:\n    image: nginx:1.30\n    depends_on:\n      db:\n        conditon: service_healthy\n  db:\n    image: redis:8.2\n")
    assert {(f.line, f.message) for f in found} == {
        (5, "`db` needs `condition`"),
        (6, "`conditon` is not an option of `depends_on.db` (did you mean `condition`?)"),
    }


def test_fragment_skips_whole_file_rules():
    text = 'services:\n  web:\n    networks: [front]\n    depends_on: [db]\n    ports: ["80:80/xyz"]\n'
    whole = {f.code for f in run(text)}
    assert {"CO101", "CO105", "CO107", "CO110"} <= whole
    ann = parse_annotation("fragment", "page.md", 1)
    assert {f.code for f in run(text, annotation=ann)} == {"CO110"}


def test_placeholders_skip_value_checks():
    text = 'services:\n  web:\n    image: <image>\n    ports: ["<port>:80"]\n    stop_grace_period: <duration>\n'
    assert {f.code for f in run(text)} == {"CO110", "CO111", "CO202"}
    assert run(text, annotation=parse_annotation("placeholders", "page.md", 1)) == []


def test_placeholders_in_names():
    text = 'services:\n  <service>:\n    image: nginx:1.30\n    networks: [<network>]\n    depends_on: [<other-service>]\n    volumes: ["<volume>:/data"]\n'
    assert {f.code for f in run(text)} == {"CO004", "CO101", "CO102", "CO105"}
    assert run(text, annotation=parse_annotation("placeholders", "page.md", 1)) == []


def test_interpolation_error_points_at_the_dollar():
    [f] = run("services:\n  web:\n    image: nginx:1.30\n    command: echo done ${OOPS\n")
    assert (f.code, f.line, f.column) == ("CO112", 4, 24)


def test_duplicate_key_message_names_the_first_line():
    [f] = run("services:\n  web:\n    image: a:1\n    image: b:1\n")
    assert f.message.startswith("duplicate key 'image' (first defined at line 3)")


# ---------------------------------------------------------------------------
# Lab files: local references must exist beside the compose file


def write(root, files: dict[str, str]):
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content)


def lab_findings(root, text: str) -> list:
    path = root / "compose.yaml"
    path.write_text(textwrap.dedent(text))
    return checker.check_lab_file(path.read_text(), str(path))


LAB = """\
services:
  app:
    build:
      context: ./app
      dockerfile: Containerfile
    env_file: [./app.env, {path: ./local.env, required: false}]
    volumes:
      - ./html:/usr/share/nginx/html:ro
      - type: bind
        source: ./conf/nginx.conf
        target: /etc/nginx/nginx.conf
  worker:
    build: ./worker
    image: lab/worker:1.0
include:
  - ./db.yaml
secrets:
  token:
    file: ./token.txt
"""


def test_lab_file_references_exist(tmp_path):
    write(
        tmp_path,
        {
            "app/Containerfile": "FROM x\n",
            "app.env": "A=1\n",
            "html/index.html": "",
            "conf/nginx.conf": "",
            "worker/Dockerfile": "FROM x\n",
            "db.yaml": "services:\n  db:\n    image: redis:8.2\n",
            "token.txt": "t\n",
        },
    )
    assert [f for f in lab_findings(tmp_path, LAB) if f.code == "CO113"] == []


def test_missing_lab_files_are_reported_at_their_lines(tmp_path):
    write(tmp_path, {"worker/Containerfile": "FROM x\n"})
    found = [f for f in lab_findings(tmp_path, LAB) if f.code == "CO113"]
    assert [f.line for f in found] == [4, 6, 8, 10, 13, 16, 19]
    worker = next(f for f in found if f.line == 13)
    assert "Compose does not fall back to `Containerfile`" in worker.message


def test_page_examples_do_not_need_lab_files():
    assert [f for f in run(LAB) if f.code == "CO113"] == []


def test_included_files_declare_names(tmp_path):
    write(tmp_path, {"db/compose.yaml": "services:\n  db:\n    image: redis:8.2\nnetworks:\n  data:\nvolumes:\n  dbdata:\n"})
    text = "include: [./db/compose.yaml]\nservices:\n  app:\n    image: x:1\n    depends_on: [db]\n    networks: [data]\n    volumes: [dbdata:/d]\n"
    assert lab_findings(tmp_path, text) == []
    text += "    links: [nothere]\n"
    assert [(f.code, f.line) for f in lab_findings(tmp_path, text)] == [("CO105", 8)]


# -- what `docker compose config -q` (compose v2.40.3) refuses although the schema lets it through


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("services:\n  a:\n    image: nginx:1.30\n    mem_limit: 1x\n", 4, "`mem_limit` is not a size: '1x'"),
        ('services:\n  a:\n    image: nginx:1.30\n    deploy:\n      replicas: "two"\n', 5, "`deploy.replicas` must be a whole number, not 'two'"),
        ('services:\n  a:\n    image: nginx:1.30\n    scale: "x"\n', 4, "`scale` must be a whole number"),
        (
            "services:\n  a:\n    image: nginx:1.30\n    volumes: [data:/data]\nvolumes:\n  data:\n    external: true\n    driver: local\n",
            8,
            "volume `data` is `external` (created outside Compose) and cannot also set `driver`",
        ),
    ],
)
def test_values_compose_refuses(text, line, words):
    found = [f for f in run(text) if f.code == "CO005"]
    assert [f.line for f in found] == [line] and words in found[0].message, run(text)


@pytest.mark.parametrize("value", ["512m", "1gb", "1.5g", '"1 GB"', "1GiB", "-1", "0", "1073741824", '"${MEM:-512m}"'])
def test_sizes_compose_accepts(value):
    assert run(f'services:\n  a:\n    image: nginx:1.30\n    mem_limit: {value}\n    deploy:\n      replicas: "2"\n') == []


def test_empty_compose_file_is_refused(tmp_path):
    (tmp_path / "compose.yaml").write_text("")
    found = checker.check_lab_file("", str(tmp_path / "compose.yaml"))
    assert [(f.code, f.line) for f in found] == [("CO005", 1)] and "empty compose file" in found[0].message


def test_a_duplicate_key_does_not_hide_the_other_findings():
    found = run("services:\n  a:\n    image: nginx:1.30\n    image: nginx:1.30\n    networks: [nope]\n")
    assert [(f.code, f.line) for f in found] == [("CO002", 4), ("CO101", 5)]
    assert "first defined at line 3" in found[0].message


def test_lab_paths_must_stay_in_the_lab_folder(tmp_path):
    lab1 = tmp_path / "exercises/lab1/files"
    lab2 = tmp_path / "exercises/lab2/files"
    (lab1 / "web").mkdir(parents=True)
    (lab1 / "web/Dockerfile").write_text("FROM x\n")
    (lab2 / "sub").mkdir(parents=True)
    (lab2 / "conf.txt").write_text("x\n")
    text = (
        "services:\n"
        "  web:\n"
        "    build: ../../lab1/files/web\n"
        "    volumes:\n"
        "      - ../../../../../../etc/hosts:/h\n"
        "      - ./conf.txt:/c\n"
        "      - ./sub/../conf.txt:/d\n"
    )
    (lab2 / "compose.yaml").write_text(text)
    found = checker.check_lab_file(text, str(lab2 / "compose.yaml"))
    assert [(f.code, f.line) for f in found] == [("CO114", 3), ("CO114", 5)], found
    assert "leaves the lab's folder (exercises/lab2/files)" in found[0].message
    # a compose file in a sub-folder may use the lab's other files
    (lab2 / "sub/compose.yaml").write_text("services:\n  web:\n    image: nginx:1.30\n    volumes: [../conf.txt:/c]\n")
    assert checker.check_lab_file((lab2 / "sub/compose.yaml").read_text(), str(lab2 / "sub/compose.yaml")) == []


def test_end_of_life_date_follows_course_check_date(monkeypatch):
    # Without an explicit date, CO204 compares with COURSE_CHECK_DATE like the Containerfile rule CF200.
    text = "services:\n  db:\n    image: postgres:17-alpine\n"
    monkeypatch.setenv("COURSE_CHECK_DATE", "2030-01-01")  # after PostgreSQL 17's end of support (2029-11)
    assert [f.code for f in compose_checks.check(artifact(text))] == ["CO204"]
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-11-28")
    assert list(compose_checks.check(artifact(text))) == []
