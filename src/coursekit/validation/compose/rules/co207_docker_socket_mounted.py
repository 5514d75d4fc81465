"""CO207 DockerSocketMounted."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    mounts,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock", "//var/run/docker.sock", "/run/podman/podman.sock")


def docker_socket(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        for m in mounts(svc, ("services", sname)):
            if m.source.rstrip("/") in _SOCKETS:
                yield Hit(m.path, {"service": sname, "source": m.source})


RULE = Rule(
    code="CO207",
    name="DockerSocketMounted",
    kind=KIND,
    severity=Severity.WARNING,
    message="service `{service}` mounts the Docker socket '{source}': whoever controls the container controls the host (it can start privileged containers)",
    rationale="Access to the engine's API socket is root on the host; the course shows it only with a warning and a reason.",
    example="services:\n  portainer:\n    image: portainer/portainer-ce:2.27.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    fixed="services:\n  portainer:\n    image: portainer/portainer-ce:2.27.1\n    volumes:\n      - portainer_data:/data\nvolumes:\n  portainer_data: {}\n",
    check=docker_socket,
)
