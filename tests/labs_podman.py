"""A private Podman for the lab-runner tests: its own storage, network configuration and
containers.conf in a temporary folder (nothing of the machine's own images, containers or
networks is seen or touched), and the fixture course's BusyBox image built from Debian's
busybox-static, because no image can be pulled here."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

IMAGE = "localhost/labs-busybox:1"
BUSYBOX = "/bin/busybox"


def require(tool: str, what: str) -> None:
    """Skip with a notice where ``tool`` is missing; in CI (CI=true) it must be there."""
    if shutil.which(tool) or os.path.exists(tool):
        return
    message = f"{tool} is missing: {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (.ci/run installs it)")
    pytest.skip(message)


def private_podman(folder: Path) -> dict[str, str]:
    """Environment variables that give Podman its own configuration and storage in ``folder``.

    The containers.conf settings are the ones measured on these machines (field notes):
    the sandbox forbids raising ulimits, crun fails on its cgroups."""
    (folder / "networks").mkdir(parents=True, exist_ok=True)
    conf = folder / "containers.conf"
    conf.write_text(
        "[containers]\ndefault_ulimits = []\n\n"
        f'[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\n\n[network]\nnetwork_config_dir = "{folder / "networks"}"\n',
        encoding="utf-8",
    )
    storage = folder / "storage.conf"
    storage.write_text(f'[storage]\ndriver = "overlay"\ngraphroot = "{folder / "graph"}"\nrunroot = "{folder / "run"}"\n', encoding="utf-8")
    return {"CONTAINERS_CONF": str(conf), "CONTAINERS_STORAGE_CONF": str(storage)}


def build_busybox_image(folder: Path, env: dict[str, str]) -> None:
    """``IMAGE``: a root filesystem of the static busybox with every applet linked, imported."""
    root = folder / "rootfs"
    (root / "bin").mkdir(parents=True)
    for name in ("tmp", "etc", "www", "srv"):
        (root / name).mkdir()
    shutil.copy2(BUSYBOX, root / "bin" / "busybox")
    applets = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True, check=True).stdout.split()
    for applet in applets:
        if applet != "busybox":
            (root / "bin" / applet).symlink_to("busybox")
    tar = subprocess.Popen(["tar", "-C", str(root), "-c", "."], stdout=subprocess.PIPE)
    subprocess.run(["podman", "import", "--quiet", "-", IMAGE], stdin=tar.stdout, env={**os.environ, **env}, check=True, capture_output=True, timeout=120)
    tar.wait()


def reset(env: dict[str, str]) -> None:
    subprocess.run(["podman", "system", "reset", "--force"], env={**os.environ, **env}, capture_output=True, timeout=120)
