"""Toegankelijkheid: the accessibility statement a Dutch municipality must publish for each
website (Besluit digitale toegankelijkheid overheid), linked from every page's footer.

It follows the Dutch model statement (digitoegankelijk.nl, "De toegankelijkheidsverklaring":
the website it covers, the status, the approval, feedback and contact) and the wording of
statements in its register (toegankelijkheidsverklaring.nl/register): the status is
"B – voldoet gedeeltelijk" on the makers' own statement, because the limitations below are
known and the tests are the makers' own, not an independent audit; the page says so. The
words are in dashboard/i18n/texts/accessibility.toml; where to send questions is the
``TALENT_ACCESSIBILITY_CONTACT`` setting. The page needs no store: it is readable before the
first refresh too.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.attributes import attributes
from dashboard.components.shell import page_frame
from dashboard.i18n import t
from dashboard.i18n.formatting import format_date
from dashboard.settings import settings
from dashboard.state.url import ACCESSIBILITY_PATH
from dashboard.state.view import resolve_view

PATH = ACCESSIBILITY_PATH
TITLE_KEY = "page_toegankelijkheid"
# The day this statement was written and last checked against the code and the tests;
# change both when the statement is reviewed (the model asks for a yearly review).
STATEMENT_DATE = "2026-12-03"
REVIEWED_DATE = "2026-12-03"

# No text_key: the statement is linked from the footer, not from the navigation.
dash.register_page(
    __name__,
    path=PATH,
    name="Toegankelijkheid",
    title="Toegankelijkheid · Talentopgave dashboard",
)

# What is tested, in the order of the tests (tests/browser/test_accessibility.py,
# tests/browser/test_keyboard.py, assets/a11y.js, assets/style.css, dashboard/application.py,
# dashboard/components/chart_card.py).
TESTED_KEYS = (
    "a11y_tested_axe",
    "a11y_tested_keyboard",
    "a11y_tested_repairs",
    "a11y_tested_contrast",
    "a11y_tested_language",
    "a11y_tested_charts",
)
# Each known limitation: its heading and its explanation (what, for whom, why, instead).
LIMITATIONS = (
    ("a11y_limit_dropdown_title", "a11y_limit_dropdown"),
    ("a11y_limit_camera_title", "a11y_limit_camera"),
    ("a11y_limit_charts_title", "a11y_limit_charts"),
    ("a11y_limit_png_title", "a11y_limit_png"),
    ("a11y_limit_english_title", "a11y_limit_english"),
    ("a11y_limit_javascript_title", "a11y_limit_javascript"),
)
# The sections, by the id of their heading: a test checks every one is there.
SECTION_IDS = ("a11y-scope", "a11y-status", "a11y-tested", "a11y-limits", "a11y-contact")


def contact_link(contact: str) -> html.A:
    """The contact setting as a link: an e-mail address becomes ``mailto:``."""
    if "@" in contact and not contact.startswith(("http://", "https://")):
        return html.A(contact, href=f"mailto:{contact}")
    return html.A(contact, href=contact)


def _section(section_id: str, title: str, children: list) -> html.Section:
    return html.Section(
        [html.H2(title, id=section_id), *children],
        className="card card-wide statement-section",
        **attributes({"aria-labelledby": section_id}),
    )


def statement_facts(lang: str) -> html.Dl:
    facts = [
        (t("a11y_fact_organisation", lang), t("a11y_organisation", lang)),
        (t("a11y_fact_website", lang), t("site_title", lang)),
        (t("a11y_fact_standard", lang), t("a11y_standard", lang)),
        (t("a11y_fact_status", lang), t("a11y_status", lang)),
        (t("a11y_fact_basis", lang), t("a11y_basis", lang)),
        (t("a11y_fact_date", lang), format_date(STATEMENT_DATE, lang)),
        (t("a11y_fact_reviewed", lang), format_date(REVIEWED_DATE, lang)),
        (t("a11y_fact_approval", lang), t("a11y_approval", lang)),
    ]
    return html.Dl(
        [part for term, detail in facts for part in (html.Dt(term), html.Dd(detail))],
        className="facts",
    )


def contact_paragraph(lang: str, contact: str) -> html.P:
    """The contact sentence with the contact as a link where its placeholder stands."""
    before, _, after = t("a11y_contact_text", lang, contact="\0").partition("\0")
    return html.P([before, contact_link(contact), after])


def statement_body(lang: str, contact: str) -> list:
    limitations: list = []
    for title_key, text_key in LIMITATIONS:
        limitations += [html.H3(t(title_key, lang)), html.P(t(text_key, lang))]
    return [
        _section(
            "a11y-scope",
            t("a11y_scope_title", lang),
            [html.P(t("a11y_scope_text", lang)), statement_facts(lang)],
        ),
        _section(
            "a11y-status", t("a11y_status_title", lang), [html.P(t("a11y_status_text", lang))]
        ),
        _section(
            "a11y-tested",
            t("a11y_tested_title", lang),
            [
                html.P(t("a11y_tested_intro", lang)),
                html.Ul([html.Li(t(key, lang)) for key in TESTED_KEYS]),
                html.P(t("a11y_not_tested", lang)),
            ],
        ),
        _section(
            "a11y-limits",
            t("a11y_limits_title", lang),
            [html.P(t("a11y_limits_intro", lang)), *limitations],
        ),
        _section(
            "a11y-contact",
            t("a11y_contact_title", lang),
            [contact_paragraph(lang, contact), html.P(t("a11y_complaint_text", lang))],
        ),
    ]


def layout(**query: str):
    view = resolve_view({k: v for k, v in query.items() if v is not None})
    lang = view.state.taal
    content = [
        html.H1(t(TITLE_KEY, lang), id="page-title"),
        html.P(t("a11y_intro", lang), className="intro"),
        html.Div(statement_body(lang, settings().accessibility_contact), className="page-body"),
    ]
    return page_frame(PATH, view, content, title_key=TITLE_KEY)
