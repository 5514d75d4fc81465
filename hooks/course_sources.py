"""MkDocs hook: the course model, the exercise book's source root, vendored assets (``coursekit.site.course_setup``)."""

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

import coursekit.site.course_setup as course_setup
import coursekit.site.session as session
from coursekit.errors import SourceError

log = get_plugin_logger(__name__)


def on_startup(command, dirty):
    session.start(command, dirty)


def on_shutdown():
    session.current().close_worker()


def _course(call, *args):
    try:
        return call(*args)
    except SourceError as exc:
        raise PluginError(f"course: {exc}") from None


def on_config(config):
    _course(course_setup.configure, session.current(), config, log)
    return config


def on_files(files, config):
    for uri, path, is_page in _course(course_setup.generated_files, session.current()):
        files.append(File.generated(config, uri, abs_src_path=path, inclusion=InclusionLevel.UNDEFINED if is_page else InclusionLevel.NOT_IN_NAV))
    for f in [f for f in files if course_setup.out_of_variant(session.current(), f.src_uri)]:
        files.remove(f)
    return files


def on_page_markdown(markdown, page, config, files):
    return _course(course_setup.page_markdown, session.current(), markdown, page.file, log)


def on_page_content(html, page, config, files):
    return course_setup.page_content(session.current(), html)


def on_template_context(context, template_name, config):
    return course_setup.template_context(context, template_name, config.site_url)


@event_priority(-100)  # last: the book fills its print page with the exercises (and their diagrams) before
def on_post_page(output, page, config):
    return course_setup.post_page(output)


def on_post_template(output_content, template_name, config):
    return course_setup.post_page(output_content)  # 404.html
