"""The accessibility statement (/toegankelijkheid): every section in Dutch and English, the
status as the makers' own statement, the contact from the setting, readable without a store,
and a link to it in the footer of every page with the shell (and in the embed view)."""

from __future__ import annotations

import dash
import pytest
from dash import dcc, html
from support.components import find as _find
from support.components import page as _page
from support.components import texts as _texts

from dashboard.settings import settings

PATH = "/toegankelijkheid"


def _text(layout) -> str:
    return " ".join(_texts(layout))


def _section_ids(layout) -> list[str]:
    return [c.id for c in _find(layout, lambda c: isinstance(c, html.H2) and getattr(c, "id", ""))]


def _footer_links(layout) -> list:
    footers = list(_find(layout, lambda c: isinstance(c, html.Footer)))
    return [
        link
        for footer in footers
        for link in _find(footer, lambda c: isinstance(c, (dcc.Link, html.A)))
    ]


@pytest.fixture
def contact(monkeypatch):
    """Set TALENT_ACCESSIBILITY_CONTACT for one test (the settings are read once)."""

    def use(value: str | None):
        if value is None:
            monkeypatch.delenv("TALENT_ACCESSIBILITY_CONTACT", raising=False)
        else:
            monkeypatch.setenv("TALENT_ACCESSIBILITY_CONTACT", value)
        settings.cache_clear()

    yield use
    monkeypatch.delenv("TALENT_ACCESSIBILITY_CONTACT", raising=False)
    settings.cache_clear()


@pytest.mark.parametrize(
    ("taal", "heading", "status", "standard", "sections"),
    [
        (
            "nl",
            "Toegankelijkheidsverklaring",
            "B – voldoet gedeeltelijk",
            "WCAG 2.1, niveau A en AA",
            ["Verklaring", "Nalevingsstatus", "getest", "Bekende beperkingen", "contact"],
        ),
        (
            "en",
            "Accessibility statement",
            "B – partially compliant",
            "WCAG 2.1, levels A and AA",
            ["Statement", "Compliance status", "tested", "Known limitations", "contact"],
        ),
    ],
)
def test_tgk001_statement_has_every_section_in_both_languages(
    dash_app, use_store, contact, taal, heading, status, standard, sections
):
    from dashboard.pages.toegankelijkheid import SECTION_IDS

    contact(None)
    layout = _page(PATH)["layout"](taal=taal)
    assert layout.lang == taal
    assert next(_find(layout, lambda c: isinstance(c, html.H1))).children == heading
    assert _section_ids(layout) == list(SECTION_IDS)
    h2s = [" ".join(_texts(c)) for c in _find(layout, lambda c: isinstance(c, html.H2))]
    assert len(h2s) == len(sections) and all(
        word.lower() in h2.lower() for word, h2 in zip(sections, h2s, strict=True)
    ), h2s
    text = _text(layout)
    assert status in text and standard in text and "EN 301 549" in text
    # the date of the statement, in the page's notation (dashboard.i18n.formatting)
    assert ("3-12-2026" if taal == "nl" else "2026-12-03") in text
    # six known limitations, each a heading with its explanation
    assert len(list(_find(layout, lambda c: isinstance(c, html.H3)))) == 6
    assert "Download PNG" in text and "axe-core" in text
    # no audit is claimed: the page says it has not been done
    assert ("geen onafhankelijk" if taal == "nl" else "no independent") in text


def test_tgk002_no_language_leaks_into_the_other(dash_app, use_store):
    dutch = _text(_page(PATH)["layout"](taal="nl"))
    english = _text(_page(PATH)["layout"](taal="en"))
    for word in ("voldoet", "Bekende beperkingen", "schermlezer", "gemeente Hengelo"):
        assert word in dutch and word not in english, word
    for word in ("partially", "Known limitations", "screen reader", "municipality of Hengelo"):
        assert word in english and word not in dutch, word


@pytest.mark.parametrize(
    ("value", "href", "shown"),
    [
        (None, "https://www.hengelo.nl", "https://www.hengelo.nl"),
        ("toegankelijkheid@example.org", "mailto:toegankelijkheid@example.org", None),
        ("https://example.org/contact", "https://example.org/contact", None),
        # not a web or mail address: the municipality's website instead, never a script link
        ("javascript:alert(1)", "https://www.hengelo.nl", "https://www.hengelo.nl"),
        ("bel ons", "https://www.hengelo.nl", "https://www.hengelo.nl"),
    ],
)
def test_tgk003_contact_comes_from_the_setting(dash_app, use_store, contact, value, href, shown):
    contact(value)
    layout = _page(PATH)["layout"]()
    section = next(_find(layout, lambda c: getattr(c, "aria-labelledby", None) == "a11y-contact"))
    links = list(_find(section, lambda c: isinstance(c, html.A)))
    assert [a.href for a in links] == [href]
    assert links[0].children == (shown or value)
    sentence = "".join(_texts(next(_find(section, lambda c: isinstance(c, html.P)))))
    assert sentence.startswith("Loopt u tegen iets aan") and f": {links[0].children}. " in sentence


def test_tgk004_readable_before_the_first_store(dash_app, tmp_path):
    from dashboard.data.store import STORE

    STORE.configure(tmp_path, check_seconds=0)  # no store published there
    try:
        layout = _page(PATH)["layout"](taal="en")
        text = _text(layout)
        assert "Accessibility statement" in text and "Known limitations" in text
        assert "make etl" not in text  # not the "no data yet" page
    finally:
        STORE.configure()


def _shell_pages() -> list[str]:
    import app  # noqa: F401  (registers the pages)

    # The presentation and its speaker notes fill the projector's screen: no site footer.
    without_shell = ("/embed", "/presentatie", "/presentatie/notities")
    return sorted(p["path"] for p in dash.page_registry.values() if p["path"] not in without_shell)


@pytest.mark.parametrize("path", _shell_pages())
def test_tgk005_every_page_links_to_the_statement_in_its_footer(dash_app, use_store, path):
    for taal, label in (("nl", "Toegankelijkheid"), ("en", "Accessibility")):
        layout = _page(path)["layout"](taal=taal, gemeente="GM0153")
        links = [a for a in _footer_links(layout) if a.href.startswith(PATH)]
        assert len(links) == 1, path
        assert links[0].children == label
        # it keeps the language (and the rest of the view, like the navigation)
        assert ("taal=en" in links[0].href) == (taal == "en")
        assert "gemeente=GM0153" in links[0].href
        # a navigation link's id: assets/clientside.js keeps its query in step with the view
        assert links[0].id == {"type": "nav-link", "path": PATH}


def test_tgk006_the_statement_is_not_in_the_navigation_but_in_the_footer(dash_app, use_store):
    layout = _page("/")["layout"]()
    nav = next(_find(layout, lambda c: isinstance(c, html.Nav)))
    assert not [a for a in _find(nav, lambda c: isinstance(c, dcc.Link)) if a.href == PATH]


def test_tgk007_the_embed_view_links_to_the_statement_outside_the_frame(dash_app, use_store):
    layout = _page("/embed")["layout"](taal="en", indicator="share_18_35")
    links = [
        a for a in _find(layout, lambda c: isinstance(c, html.A)) if (a.href or "").startswith(PATH)
    ]
    assert len(links) == 1 and links[0].children == "Accessibility"
    assert "taal=en" in links[0].href and links[0].target == "_blank"
