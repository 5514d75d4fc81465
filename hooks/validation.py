"""MkDocs hook: validate every Containerfile, compose file and command of the course (thin adapter over
``coursekit.site.validation_run``: when a build waits and fails, and why only outside page events)."""

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import coursekit.site.session as session
import coursekit.site.validation as site_validation
import coursekit.site.validation_run as validation_run

log = get_plugin_logger(__name__)


def on_config(config):
    try:
        validation_run.configure(session.current(), config.config_file_path, config.docs_dir, log)
    except validation_run.ConfigError as exc:
        raise PluginError(str(exc)) from None
    return config


def _raise_on_failure() -> None:
    message = session.current().validation.failure()
    if message:
        raise PluginError(message)


def on_files(files, config):
    s = session.current()
    # A symlink to a file outside the repository is never published (CK008 reports it).
    for f in site_validation.outside_files(files, s.validator.root):
        files.remove(f)
    s.validation.run_now()
    _raise_on_failure()
    return files


def on_page_read_source(page, config):
    return session.current().validation.page_source(page.file.abs_src_path)


def on_page_markdown(markdown, page, config, files):
    return session.current().validation.page_markdown(markdown)


def on_env(env, config, files):
    session.current().validation.collect(wait=False)  # every page read, none written yet
    _raise_on_failure()
    return env


def on_post_build(config):
    session.current().validation.collect(wait=True)
    _raise_on_failure()


def on_page_content(html, page, config, files):
    return session.current().validation.page_content(html, page.file.abs_src_path)
