"""Region groups (groep) in the embed view and on a presentation slide: both take the group
from their URL like the pages do."""

from __future__ import annotations

import json

from plotly.utils import PlotlyJSONEncoder

from dashboard.presentation.decks import Slide
from dashboard.presentation.slides import slide_content

GROUPS = "netwerkstad-twente;Hengelo+%2B+Borne:GM0164,GM0147"


def test_grv001_the_embed_draws_the_groups_and_links_the_full_view_with_them(dash_app, use_store):
    from dashboard.pages.embed import layout  # noqa: PLC0415 - pages need the app first

    page = json.dumps(
        layout(groep="netwerkstad-twente;Hengelo + Borne:GM0164,GM0147"), cls=PlotlyJSONEncoder
    )
    assert "Netwerkstad Twente" in page and "Hengelo + Borne" in page
    assert "groep=netwerkstad-twente;Hengelo%20%2B%20Borne:GM0164,GM0147" in page  # full view
    bad = json.dumps(layout(groep="Leeg:GM9999"), cls=PlotlyJSONEncoder)
    assert "Hengelo + Borne" not in bad and "GROEP:" not in bad


def test_grv002_a_slide_with_groep_shows_the_groups(store, use_store):
    slide = Slide(view=f"/?groep={GROUPS}", title_nl="Groepen", takeaway_nl="Opgeteld")
    content = slide_content(slide, store, "nl")
    assert "in Netwerkstad Twente van" in content.summary
    assert "in Hengelo + Borne van" in content.summary
    english = slide_content(slide, store, "en")
    assert "in Netwerkstad Twente from" in english.summary
