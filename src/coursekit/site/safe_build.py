"""Build the course into a fresh folder and swap it in only on success.

A failed build (an authoring mistake, a crash) leaves the previous ``site/``
untouched, so a training room never gets a half-written site.

    python -m coursekit.site.safe_build [--site-dir site] [--config-file mkdocs.yml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def is_read_only(path: str) -> bool:
    """A folder we may not replace: not writable for us, or with every write bit cleared.

    The mode bits count even for root (who may write anywhere): ``chmod a-w site``
    is how a maintainer says "leave this site alone".
    """
    return not os.access(path, os.W_OK | os.X_OK) or not os.stat(path).st_mode & 0o222


def safe_build(config_file: str, site_dir: str, extra_args: list[str] | None = None) -> int:
    site_dir = os.path.abspath(site_dir)
    parent = os.path.dirname(site_dir)
    os.makedirs(parent, exist_ok=True)
    if os.path.exists(site_dir) and is_read_only(site_dir):
        print(
            f"error: {os.path.relpath(site_dir)} is read-only (not writable); the previous site was left as it is (chmod u+w it to allow a rebuild)",
            file=sys.stderr,
        )
        return 1
    staging = tempfile.mkdtemp(prefix=".site-build-", dir=parent)
    # mkdtemp makes the folder 0700; the site must be readable like any folder mkdocs makes (web servers, rsync).
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file, "-d", staging, *(extra_args or [])], env=env)
        if result.returncode != 0:
            print(f"error: build failed; {os.path.relpath(site_dir)} was left as it was", file=sys.stderr)
            return result.returncode
        old = None
        if os.path.exists(site_dir):
            old = tempfile.mkdtemp(prefix=".site-old-", dir=parent)
            os.rename(site_dir, os.path.join(old, "site"))
        os.rename(staging, site_dir)
        staging = None
        if old:
            shutil.rmtree(old, ignore_errors=True)
        print(f"site written to {os.path.relpath(site_dir)}")
        return 0
    except OSError as exc:
        print(f"error: could not replace {site_dir}: {exc.strerror}; the previous site was left as it is", file=sys.stderr)
        return 1
    finally:
        if staging and os.path.exists(staging):
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.site.safe_build", description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--config-file", "-f", default="mkdocs.yml")
    args, rest = parser.parse_known_args(argv)
    return safe_build(args.config_file, args.site_dir, rest)


if __name__ == "__main__":
    raise SystemExit(main())
