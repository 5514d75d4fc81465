"""Unit tests of the deck builder: rendered module HTML -> reveal.js sections."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from coursekit.course.manifest import Course, Exercise, Module, Variant
from coursekit.deck import builder as deck_builder
from coursekit.deck import site as deck_site
from coursekit.deck.builder import ROOT, Assignment, split_slides

# The Markdown extensions that matter for the slide structure, as in mkdocs.yml.
EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "toc",
    "pymdownx.details",
    "pymdownx.blocks.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.mark",
    "coursekit.markdown.extensions",
]
CONFIGS = {
    "toc": {"permalink": True},
    "pymdownx.blocks.details": {
        "types": [{"name": "notes", "class": "notes", "title": "Instructor notes"}, {"name": "handout", "class": "handout", "title": "More in the handout"}]
    },
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
}


def render(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS, extension_configs=CONFIGS)


def course(objectives=("Explain one thing",)) -> Course:
    mod = Module("demo", 3, "Demo module", "Demo", 40, list(objectives), "modules/demo.md", "/nonexistent/demo.md")
    exs = {
        "ex-a": Exercise("ex-a", "First exercise", "demo", "exercise", 15, ["Do A"], "exercises/ex-a/index.md", "/x", "3.1"),
        "ex-b": Exercise("ex-b", "Second exercise", "demo", "exercise", 10, ["Do B"], "exercises/ex-b/index.md", "/x", "3.2"),
        "show": Exercise("show", "A demo", "demo", "demo", 5, ["Watch"], "exercises/show/index.md", "/x", "3.1"),
    }
    variant = Variant("v", "Variant", 1, ["demo"])
    return Course("Course", variant, {"v": variant}, [mod], exs)


PAGE = """
# Demo module

Intro line.

## Learning objectives

/// notes
Read them aloud.
///

## Code { .statement }

Some ==keyword== text and [a link](../exercises/ex-a/index.html) and [anchor](#sub-topic).

```console
$ docker container ls
```

/// notes
Say **this**.
///

### Sub topic

Vertical.

## Work

!!! exercise "Exercise: work · 25 min"

    Work through, in the exercise book:
    { .course-assignment data-kind="exercise" data-exercises="ex-a ex-b" data-minutes="25" }

    1. [First](../exercises/ex-a/index.md)
"""


def test_top_level_blocks_keep_the_original_html():
    html = '<h2 id="a">A</h2>\n<p>one <b>two</b></p>\n<hr />\n<div class="x"><div><p>deep</p></div></div><img src="i.png">'
    blocks = deck_builder.top_level_blocks(html)
    assert [b.tag for b in blocks] == ["h2", "p", "hr", "div", "img"]
    assert blocks[3].html == '<div class="x"><div><p>deep</p></div></div>'
    assert blocks[3].classes == ["x"]
    assert "".join(b.html for b in blocks) == html.replace("\n", "")


def _parsed(html: str) -> list[tuple]:
    """What HTMLParser makes of ``html`` (the general path of top_level_blocks)."""
    parser = deck_builder._TopLevel(html)
    parser.feed(html)
    return [(b.tag, b.attrs, b.html, b.start) for b in parser.close_blocks()]


WELL_FORMED = [
    '<h2 id="a">A</h2>\n<p>one <b>two</b></p>\n<hr />\n<div class="x"><div><p>deep</p></div></div><img src="i.png">',
    "<P CLASS='Up' Data-X=\"a &amp; b\">x</P><br/><div hidden>y</div>",
    '<div title="a > b" class="c">x</div><p>after</p>',  # '>' in a value: the first '>' ends the block's slice, as before
    '<div class="a" class="b">dup</div></p></div><p>stray ends</p>',
    "<div><p>never closed",
    '<p>a</p><div class="x"><p>never closed',  # the unclosed block starts after others
    '<hr class="rule"><p>after a top-level void tag</p><input disabled /><p>and a self-closing one</p>',
    '<details class="notes"><summary>N</summary><p>t</p></details>\n<div class="highlight"><pre><span></span><code><span class="gp">$ </span>ls &lt;x&gt;</code></pre></div>',
    "",
    "text only",
]
NOT_WELL_FORMED = [
    "<!-- a comment --><p>x</p>",
    "<p>a < b</p>",
    '<script>var a = "<p>";</script><p>x</p>',
    "<a href=bare>x</a>",
    "</p class='x'><p>y</p>",
    "<p>x</p ><div>unclosed <b</div>",
    "<div><p>x</p,q></div>",  # an end tag name HTMLParser reads its own way
]


@pytest.mark.parametrize("html", WELL_FORMED + NOT_WELL_FORMED)
def test_top_level_blocks_equal_what_htmlparser_makes_of_the_page(html):
    """The fast path for well-formed tags (Python-Markdown's output) gives HTMLParser's blocks; any
    other page goes to HTMLParser itself."""
    fast = deck_builder._well_formed_top_level(html)
    assert (fast is not None) is (html in WELL_FORMED)
    assert [(b.tag, b.attrs, b.html, b.start) for b in deck_builder.top_level_blocks(html)] == _parsed(html)


def test_pages_htmlparser_splits():
    """The general path, written down: comments dropped, a top-level void tag ends at its first '>',
    attributes without a value read as "", an unclosed element runs to the end."""
    html = '<!-- n --><hr class="x"><p>a &lt; b</p>\n<input disabled /><p>1 < 2</p><div id="d"><p>open'
    blocks = [(b.tag, b.attrs, b.html, b.start) for b in deck_builder.top_level_blocks(html)]
    assert deck_builder._well_formed_top_level(html) is None
    assert blocks == [
        ("hr", {"class": "x"}, '<hr class="x">', 10),
        ("p", {}, "<p>a &lt; b</p>", 24),
        ("input", {"disabled": ""}, "<input disabled />", 40),
        ("p", {}, "<p>1 < 2</p>", 58),
        ("div", {"id": "d"}, '<div id="d"><p>open', 70),
    ]


def test_a_well_formed_page_never_reaches_htmlparser(monkeypatch):
    def refuse(_text):
        raise AssertionError("HTMLParser used for a page of well-formed tags")

    monkeypatch.setattr(deck_builder, "_TopLevel", refuse)
    assert [b.tag for b in deck_builder.top_level_blocks(WELL_FORMED[0])] == ["h2", "p", "hr", "div", "img"]


def test_inner_html_and_strip_tags():
    assert deck_builder.inner_html("<p>one <b>two</b></p>\n") == "one <b>two</b>"
    assert deck_builder.inner_html("no element") == "no element"
    assert deck_builder.strip_tags("<b>A</b> &amp; <i>b</i> ") == "A & b"


def _card(lead_attrs: str, title: str = '<p class="admonition-title">Exercise: work · 25 min</p>', tag: str = "div", css: str = "admonition exercise"):
    html = f'<{tag} class="{css}">{title}<p class="course-assignment"{lead_attrs}>Work through</p></{tag}>'
    return deck_builder.top_level_blocks(html)[0]


def test_exercise_cards_are_read_from_their_lead_paragraph():
    card = deck_builder._assignment(_card(' data-kind="exercise" data-exercises="ex-a ex-b" data-minutes="25"'))
    assert card == Assignment("exercise", "Exercise: work", ["ex-a", "ex-b"], 25)
    demo = deck_builder._assignment(_card(' data-kind="demo" data-exercises="show" data-minutes="5"', title=""))
    assert demo == Assignment("demo", "", ["show"], 5)  # no title paragraph: no title
    assert deck_builder._assignment(_card("")) == Assignment("exercise", "Exercise: work", [], 0)
    assert deck_builder._assignment(_card(' data-minutes="soon"')).minutes == 0
    # only an admonition div is a card
    assert deck_builder._assignment(_card(' data-minutes="5"', tag="section")) is None
    assert deck_builder._assignment(_card(' data-minutes="5"', css="note")) is None


def test_slides_of_h3_pages_untitled_text_nested_notes_and_handout_classes():
    html = (
        "<p>Before any heading</p>"
        "<h3>First</h3><p>a</p>"
        '<h3 id="second">Second</h3>'
        '<details class="notes"><summary>Instructor notes</summary><p>say</p>'
        "<details><summary>More</summary><p>inner</p></details></details>"
        '<div class="handout"><p>kept: only a details block is handout-only</p></div>'
    )
    slides = split_slides(html)
    assert [(s.level, s.heading_id, s.title_html) for s in slides] == [(2, "", ""), (2, "", "First"), (2, "second", "Second")]
    assert slides[2].notes == ["<p>say</p><details><summary>More</summary><p>inner</p></details>"]
    assert slides[2].body == ['<div class="handout"><p>kept: only a details block is handout-only</p></div>']


def test_rebase_urls():
    page = "modules/basics.html"
    fragment = (
        '<a href="#run">slide</a> <a href="#elsewhere">page anchor</a> '
        '<a href="../exercises/ex-a/index.html?x=1#step-2">exercise</a> <img src="img/a.png"> '
        '<a href="../../outside.html">outside</a> <a href="https://docs.docker.com/">web</a> '
        '<a href="">empty</a> <a href="?q=1">query only</a> <a href="a&amp;b.html">escaped</a> <a href="g.html#a/../b">odd fragment</a>'
    )
    out = deck_builder.rebase_urls(fragment, page, "basics", {"run"})
    assert out == (
        '<a href="#/basics--run">slide</a> <a href="__DECK_ROOT__/modules/basics.html#elsewhere">page anchor</a> '
        '<a href="__DECK_ROOT__/exercises/ex-a/index.html?x=1#step-2">exercise</a> <img src="__DECK_ROOT__/modules/img/a.png"> '
        '<a href="../../outside.html">outside</a> <a href="https://docs.docker.com/">web</a> '
        '<a href="">empty</a> <a href="__DECK_ROOT__/modules/basics.html?q=1">query only</a> <a href="__DECK_ROOT__/modules/a&amp;b.html">escaped</a> '
        '<a href="__DECK_ROOT__/modules/g.html#a/../b">odd fragment</a>'
    )


def test_clean_fragment_drops_permalinks_line_anchors_and_span_ids():
    fragment = (
        '<h2 id="t">Title<a class="headerlink" href="#t" title="Link">&para;</a></h2>'
        '<pre><span id="__span-0-1"><a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>ls</span></pre>'
    )
    assert deck_builder.clean_fragment(fragment) == '<h2 id="t">Title</h2><pre><span>ls</span></pre>'


def test_rendered_module_pages_take_the_fast_path():
    html = render(PAGE)
    fast = deck_builder._well_formed_top_level(html)
    assert fast is not None and [(b.tag, b.attrs, b.html, b.start) for b in fast] == _parsed(html)


def test_split_levels_titles_notes_and_layouts():
    slides = split_slides(render(PAGE))
    assert [(s.level, s.heading_id) for s in slides] == [(1, "demo-module"), (2, "learning-objectives"), (2, "code"), (3, "sub-topic"), (2, "work")]
    title, objectives, code, sub, work = slides
    assert title.title_html == "Demo module" and "Intro line." in title.body[0]
    assert not objectives.has_content and objectives.notes == ["<p>Read them aloud.</p>"]
    assert code.classes == ["statement"]
    assert len(code.notes) == 1 and "<strong>this</strong>" in code.notes[0] and "summary" not in code.notes[0]
    assert any('class="language-console highlight"' in b for b in code.body)
    assert "¶" not in code.title_html and "headerlink" not in code.title_html
    assert sub.body == ["<p>Vertical.</p>"]
    assert work.assignments == [Assignment("exercise", "Exercise: work", ["ex-a", "ex-b"], 25)]


def test_h3_before_any_h2_is_an_ordinary_slide_and_text_before_headings_is_kept():
    slides = split_slides("<p>lead</p><h3 id='x'>X</h3><p>y</p>")
    assert [(s.level, s.heading_id) for s in slides] == [(2, ""), (2, "x")]
    assert slides[0].body == ["<p>lead</p>"]


def test_sections_of_a_module():
    ms = deck_site.ModuleSlides(course().modules[0], "modules/demo.html", split_slides(render(PAGE)))
    ctx = deck_site.DeckContext(course(), {"exercises/ex-a/index.md": "exercises/ex-a/index.html"})
    html = deck_site.module_sections(ms, ctx)
    soup = BeautifulSoup(html, "html.parser")
    top = soup.find_all("section", recursive=False)
    # title, objectives, stack(code, sub), work
    assert [s.get("id") for s in top] == ["demo", "demo--learning-objectives", None, "demo--work"]
    assert [s["id"] for s in top[2].find_all("section")] == ["demo--code", "demo--sub-topic"]
    assert deck_site.count_slides(html) == 5
    # the empty objectives slide shows the module's objectives
    assert [li.text for li in top[1].select(".deck-body li")] == ["Explain one thing"]
    # notes become reveal's speaker notes
    assert top[1].select_one("aside.notes").text.strip() == "Read them aloud."
    code = soup.find(id="demo--code")
    assert "deck-statement" in code["class"]
    assert code.select_one("aside.notes strong").text == "this"
    # Pygments spans from the build are kept, per-line anchors (duplicate ids across modules) are gone
    assert code.select_one(".highlight .gp").text.strip() == "$"
    assert not code.select("a[id^=__codelineno]") and not code.select("[id^=__span]")
    # links: page-relative -> ROOT-relative; anchors to headings of the module -> slide links
    links = {a.text: a["href"] for a in code.select(".deck-body a")}
    assert links["a link"] == ROOT + "exercises/ex-a/index.html"
    assert links["anchor"] == "#/demo--sub-topic"
    assert code.select_one("mark").text == "keyword"
    # handout links
    assert code["data-handout"] == ROOT + "modules/demo.html#code"
    assert top[0]["data-handout"] == ROOT + "modules/demo.html"


def test_exercise_slide_links_titles_and_counts_down_their_durations():
    ms = deck_site.ModuleSlides(course().modules[0], "modules/demo.html", split_slides(render(PAGE)))
    ctx = deck_site.DeckContext(course(), {"exercises/ex-a/index.md": "exercises/ex-a/index.html"})
    soup = BeautifulSoup(deck_site.module_sections(ms, ctx), "html.parser")
    work = soup.find(id="demo--work")
    assert "deck-exercise-slide" in work["class"]
    assert work["data-countdown"] == str(25 * 60)
    assert work.select_one(".deck-assignment__icon svg") is not None
    items = work.select(".deck-assignment__list li")
    assert [li["id"] for li in items] == ["exercise-ex-a", "exercise-ex-b"]
    assert items[0].a["href"] == ROOT + "exercises/ex-a/index.html"
    assert items[1].a["href"] == ROOT + "exercises/ex-b/index.html"  # derived from the source path
    assert "Exercise 3.1" in items[0].text and "15 min" in items[0].text
    countdown = work.select_one(".deck-countdown")
    assert countdown["data-seconds"] == "1500" and countdown.select_one(".deck-countdown__time").text == "25:00"


def test_trainee_decks_have_no_notes_and_no_demo_slides():
    page = (
        PAGE
        + """
## Instructor demo

!!! demo "Instructor demo: show · 5 min"

    See the demo in the instructor guide:
    { .course-assignment data-kind="demo" data-exercises="show" data-minutes="5" }
"""
    )
    ms = deck_site.ModuleSlides(course().modules[0], "modules/demo.html", split_slides(render(page)))
    instructor = deck_site.module_sections(ms, deck_site.DeckContext(course(), {}))
    trainee = deck_site.module_sections(ms, deck_site.DeckContext(course(), {}, trainee=True))
    assert 'class="notes"' in instructor and "deck-demo-slide" in instructor
    assert 'class="notes"' not in trainee and "Read them aloud" not in trainee
    assert "deck-demo-slide" not in trainee and "instructor-demo" not in trainee
    assert deck_site.count_slides(trainee) == deck_site.count_slides(instructor) - 1


def test_handout_card_carries_the_deck_data():
    from coursekit.site.structure import expand_course_blocks

    md = "## Work\n\n/// exercises | Exercise: Work\n- ex-a\n- ex-b\n///\n"
    out = expand_course_blocks(md, course(), "modules/demo.md", "docs/modules/demo.md", 0)
    html = render(out)
    card = BeautifulSoup(html, "html.parser").select_one(".admonition.exercise")
    assert card.select_one(".admonition-title").text == "Exercise: Work · 25 min"
    lead = card.select_one("p.course-assignment")
    assert lead["data-exercises"] == "ex-a ex-b" and lead["data-minutes"] == "25"
    assert [a["href"] for a in card.select("li a")] == ["../exercises/ex-a/index.md", "../exercises/ex-b/index.md"]
    assert split_slides(html)[0].assignments == [Assignment("exercise", "Exercise: Work", ["ex-a", "ex-b"], 25)]


def test_unknown_exercise_id_fails_at_its_line():
    from coursekit.errors import SourceError
    from coursekit.site.structure import expand_course_blocks

    md = "## Work\n\n/// exercises | Exercise: Work\n- ex-a\n- nope\n///\n"
    with pytest.raises(SourceError) as err:
        expand_course_blocks(md, course(), "modules/demo.md", "docs/modules/demo.md", 5)
    assert str(err.value) == "docs/modules/demo.md:10: unknown exercise id 'nope'"


def test_slide_url_for_exercise(tmp_path):
    src = tmp_path / "demo.md"
    src.write_text("# Demo\n\n## Work\n\n/// exercises\n- ex-b\n///\n", encoding="utf-8")
    c = course()
    c.modules[0].abs_path = str(src)
    assert deck_site.slide_url_for_exercise(c, "ex-b") == "slides/demo/index.html#/exercise-ex-b"
    assert deck_site.slide_url_for_exercise(c, "ex-b", "exercises/ex-b/index.html") == "../../slides/demo/index.html#/exercise-ex-b"
    assert deck_site.slide_url_for_exercise(c, "ex-a") is None


def test_render_deck_resolves_the_root_per_folder():
    page = deck_site.render_deck("T", f'<section><a href="{ROOT}index.html">x</a></section>', "slides/demo/index.html", "F")
    assert ROOT not in page
    assert 'href="../../index.html"' in page and 'src="../../assets/vendor/reveal/reveal.js"' in page
    assert "https://" not in page and "http://" not in page


def test_highlight_css_comes_from_material():
    css = deck_site.material_highlight_css()
    assert ".highlight .k" in css and "--md-code-hl-keyword-color" in css


def test_handout_detail_stays_on_the_page_and_off_the_slide():
    page = render("## Layers\n\n- Shared\n\n/// handout | Flattening\nExport and import lose the metadata.\n///\n\n/// notes\nSay it.\n///\n")
    assert '<details class="handout">' in page and "Export and import lose the metadata." in page
    [slide] = split_slides(page)
    assert slide.title_html == "Layers" and "Shared" in "".join(slide.body)
    assert "Export and import" not in "".join(b for b in slide.body if isinstance(b, str)) and slide.notes == ["<p>Say it.</p>"]
