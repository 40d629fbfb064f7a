"""The Excel export: the data sheet is the card's CSV, the metadata sheet says where it comes
from, on stores the ETL published (support.stores)."""

from __future__ import annotations

import base64
import csv
import io
import numbers

import openpyxl
import pytest
from support.components import find
from support.components import page as _page

from dashboard.cards.model import CardContent, CardSpec
from dashboard.cards.registry import build_card
from dashboard.cards.sources import collect_sources
from dashboard.cards.xlsx_export import (
    XLSX_MIME,
    card_metadata,
    cell_value,
    number_format,
    workbook_bytes,
)
from dashboard.i18n.formatting import format_csv_number
from dashboard.state.url import ViewState, parse_view_state

PAGES = [
    "/",
    "/vergrijzing",
    "/geboorte",
    "/migratie",
    "/jongeren",
    "/arbeidsmarkt",
    "/vergelijken",
    "/talentopgave",
]


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _metadata(sheet) -> dict[str, object]:
    """Label -> value of the metadata sheet's two-column rows."""
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0] is not None}


def _export(spec: CardSpec, state: ViewState, store, url: str = "http://example.org/"):
    with collect_sources() as sources:
        content = build_card(spec, state, store)
    metadata = card_metadata(content, sources, state, store, url)
    return content, _workbook(workbook_bytes(content, metadata, state.taal))


def _page_specs() -> list[CardSpec]:
    """Every card of every page that has cards, as the pages lay them out."""
    specs: list[CardSpec] = []
    for path in PAGES:
        layout = _page(path)["layout"]()
        for store_component in find(
            layout,
            lambda c: isinstance(getattr(c, "id", None), dict) and c.id["type"] == "card-spec",
        ):
            spec = CardSpec.from_dict(store_component.data)
            if spec not in specs:
                specs.append(spec)
    return specs


def test_xls001_data_sheet_is_the_csv_row_for_row_with_numbers_as_numbers(
    dash_app, use_store, store
):
    specs = _page_specs()
    assert len(specs) > 40  # lines, forecast, pyramid, ranking, map, cohort, flows, programme
    for lang, delimiter in (("nl", ";"), ("en", ",")):
        state = ViewState(taal=lang, van=2015)
        for spec in specs:
            content, workbook = _export(spec, state, store)
            csv_rows = list(csv.reader(io.StringIO(content.csv(lang)[1:]), delimiter=delimiter))
            sheet = workbook.worksheets[0]
            assert sheet.title == ("Gegevens" if lang == "nl" else "Data")
            assert sheet.freeze_panes == "A2"
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            if not content.export_rows:  # says so instead of an empty sheet
                assert len(rows) == 2 and rows[1][0].startswith("Geen" if lang == "nl" else "No")
                continue
            assert len(rows) == len(csv_rows), spec
            assert rows[0] == csv_rows[0] and all(c.font.b for c in sheet[1]), spec
            for row_number, (got, want, raw) in enumerate(
                zip(rows[1:], csv_rows[1:], content.export_rows, strict=True), start=2
            ):
                got = got + [None] * (len(want) - len(got))  # openpyxl trims empty tails
                for column, (value, text, original) in enumerate(zip(got, want, raw, strict=True)):
                    where = (spec, row_number, column)
                    if text == "":
                        assert value is None, where
                    elif isinstance(original, float):
                        decimals = content.export_decimals.get(column, 2)
                        # A number, with the CSV's rounding, shown with its decimals.
                        assert isinstance(value, numbers.Real), where
                        assert format_csv_number(float(value), decimals, lang) == text, where
                        cell = sheet.cell(row=row_number, column=column + 1)
                        assert cell.number_format == number_format(decimals), where
                    elif isinstance(original, numbers.Integral):
                        assert isinstance(value, int) and str(value) == text, where
                    else:
                        assert isinstance(value, str) and value == text, where


def test_xls002_metadata_sheet_names_definition_tables_modified_vintage_url_selection(store):
    query = "gemeente=GM0153&vergelijk=CR12&van=2020&taal=en"
    state, notes = parse_view_state(query)
    assert notes == []
    url = "http://example.org/vergrijzing?" + query
    content, workbook = _export(CardSpec("line", "share_18_35"), state, store, url)
    sheet = workbook["Metadata"]
    fields = _metadata(sheet)
    assert fields["Title"] == content.title and "Enschede" in content.title
    assert fields["Definition"] == store.catalogue["share_18_35"]["definition_en"]
    assert fields["Source (as on the card)"] == content.source
    assert fields["CBS tables"] == "03759ned"
    # The published test store is vintage 20250301T120000Z; 03759ned's rows for 2025 are
    # provisional (manifest provisional_periods [2025]).
    assert fields["Data version"] == "2025-03-01 12:00 UTC (20250301T120000Z)"
    assert store.manifest["tables"]["03759ned"]["provisional_periods"] == [2025]
    assert fields["Provisional years"] == "2025"
    assert fields["Link to this view"] == url
    assert sheet.cell(row=8, column=2).hyperlink.target == url
    assert fields["Municipality"] == "Enschede (GM0153)"
    assert fields["Compared with"] == "Twente (CR12)"
    assert fields["Years"] == "2020–2025"  # van 2020 to the store's last year
    assert fields["Language"] == "English"
    # The tables block: CBS's own title and Modified from the manifest.
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("Table", "Title at CBS", "Updated by CBS (Modified)"))
    info = store.manifest["tables"]["03759ned"]  # modified 2025-06-30T02:00:00
    assert rows[header + 1] == ("03759ned", info["title"], "2025-06-30")


def test_xls003_a_card_of_two_tables_lists_both_with_their_modified(store):
    state = ViewState()
    content, workbook = _export(CardSpec("forecast", "population_forecast"), state, store)
    rows = list(workbook["Metadata"].iter_rows(values_only=True))
    fields = _metadata(workbook["Metadata"])
    assert fields["CBS-tabellen"] == "03759ned, 85173NED"
    tables = store.manifest["tables"]
    header = rows.index(("Tabel", "Titel bij CBS", "Bijgewerkt door CBS (Modified)"))
    # 03759ned modified 2025-06-30, 85173NED 2024-07-11: Dutch dates as the card shows them.
    assert rows[header + 1] == ("03759ned", tables["03759ned"]["title"], "30-6-2025")
    assert rows[header + 2] == ("85173NED", tables["85173NED"]["title"], "11-7-2024")
    assert fields["Taal"] == "Nederlands" and fields["Gemeente"] == "Hengelo (O.) (GM0164)"
    assert fields["Vergeleken met"] == "Twente (CR12), Nederland (NL01)"


def test_xls004_programme_target_names_the_cbs_table_inside_its_longer_source(
    dash_app, use_store, store
):
    """The target card wraps the CBS source line in its own sentence; the facts still come."""
    targets = [spec for spec in _page_specs() if spec.kind == "target"]
    exports = [_export(spec, ViewState(), store) for spec in targets]
    on_cbs = [(c, w) for c, w in exports if "CBS, tabel" in c.source]
    assert on_cbs and len(on_cbs) < len(exports)  # the programme's own measurements too
    for content, workbook in exports:
        tables = _metadata(workbook["Metadata"])["CBS-tabellen"]
        if "CBS, tabel" in content.source:
            assert tables != "geen" and f"tabel {tables} " in content.source
        else:
            assert tables == "geen"


def test_xls005_download_is_a_base64_xlsx_named_like_the_csv(dash_app, use_store):
    from dashboard.components.chart_card import csv_download, xlsx_download
    from dashboard.state.sync import next_view_state

    data = next_view_state(None, {"van": 2023})
    spec = {"kind": "line", "indicator": "share_18_35"}
    with dash_app.server.test_request_context("/"):
        download = xlsx_download(
            data, spec, "https://dashboard.example/vergrijzing", "/vergrijzing"
        )
    assert download["filename"] == "hengelo_o_share_18_35_2023-2025.xlsx"
    assert download["filename"][:-5] == csv_download(data, spec)["filename"][:-4]
    assert download["type"] == XLSX_MIME and download["base64"] is True
    content = base64.b64decode(download["content"])
    assert content[:2] == b"PK"  # an .xlsx is a zip
    workbook = _workbook(content)
    # Hengelo, Twente and Nederland, 2023 to 2025 (the store's last year), and the header.
    assert workbook.worksheets[0].max_row == 1 + 3 * 3
    fields = _metadata(workbook["Metadata"])
    assert fields["Link naar deze weergave"] == "https://dashboard.example/vergrijzing?van=2023"


@pytest.mark.parametrize(
    ("href", "pathname", "expected"),
    [
        ("http://127.0.0.1:8050/jongeren?old=1", "/jongeren", "http://127.0.0.1:8050/jongeren"),
        ("javascript:alert(1)", "/../../etc", "http://localhost/"),  # the request's origin
        (None, None, "http://localhost/"),
        ("http://127.0.0.1:8050/", "vergrijzing", "http://127.0.0.1:8050/"),  # no leading /
        (5, ["/x"], "http://localhost/"),
    ],
)
def test_xls006_view_url_from_what_the_browser_says(dash_app, href, pathname, expected):
    from dashboard.components.chart_card import view_url

    state = ViewState(gemeente="GM0153")
    with dash_app.server.test_request_context("/"):
        assert view_url(state, href, pathname) == expected + "?gemeente=GM0153"


def test_xls007_a_card_without_data_has_a_disabled_button_with_a_reason(dash_app, use_store):
    from dash import html

    from dashboard.components.chart_card import chart_card, xlsx_download
    from dashboard.state.view import resolve_view

    view = resolve_view({})
    card = chart_card(CardSpec("line", "nope"), "tst", view.state, view.store)
    button = next(find(card, lambda c: "download-xlsx" in (getattr(c, "className", "") or "")))
    assert button.disabled is True
    reason = next(find(card, lambda c: getattr(c, "id", None) == "tst-line-nope-xlsx-reason"))
    assert getattr(button, "aria-describedby") == reason.id
    assert "geen cijfers" in reason.children
    working = chart_card(CardSpec("line", "share_18_35"), "tst", view.state, view.store)
    button = next(
        find(working, lambda c: isinstance(c, html.Button) and c.children == "Download Excel")
    )
    assert not getattr(button, "disabled", False) and button.n_clicks == 0
    # A stale enabled button on a card that has no figures now still gets a workbook.
    with dash_app.server.test_request_context("/"):
        download = xlsx_download({"query": ""}, {"kind": "line", "indicator": "nope"})
    rows = list(_workbook(base64.b64decode(download["content"])).worksheets[0].values)
    assert rows[-1][0].startswith("Geen gegevens")


def test_xls008_text_stays_text_and_odd_values_are_harmless(store):
    content = CardContent(
        title='=HYPERLINK("http://evil")\x07',
        summary="",
        export_header=["Naam", "Waarde", "Aantal"],
        export_rows=[["=1+1", float("nan"), 7], ["gewoon\x00", 1234.5678, None]],
        export_decimals={1: 1},
    )
    metadata = card_metadata(content, [], ViewState(), store, "/")
    workbook = _workbook(workbook_bytes(content, metadata, "nl"))
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value is None and sheet["C2"].value == 7
    assert sheet["A3"].value == "gewoon" and sheet["B3"].value == 1234.6  # one decimal
    assert sheet["B3"].number_format == "#,##0.0"
    meta = workbook["Metadata"]
    assert meta["B1"].value == '=HYPERLINK("http://evil")' and meta["B1"].data_type == "s"
    assert meta["B8"].hyperlink is None  # a relative link is written, not linked
    assert _metadata(meta)["CBS-tabellen"] == "geen"
    rows = list(meta.iter_rows(values_only=True))
    header = rows.index(("Tabel", "Titel bij CBS", "Bijgewerkt door CBS (Modified)"))
    assert rows[header + 1 :] == [("geen", None, None)]


def test_xls009_number_formats_and_cell_values_by_hand():
    assert number_format(0) == "#,##0" and number_format(2) == "#,##0.00"
    assert cell_value(18.349, 1) == 18.3 and cell_value(2.5, 0) == 2.0  # half to even
    assert cell_value(True, 0) == "True" and cell_value("x", 1) == "x"
    import numpy as np

    assert type(cell_value(np.int64(5), 0)) is int and cell_value(np.float64(1.25), 1) == 1.2


def test_xls010_region_groups_are_rows_and_named_with_their_members(dash_app, use_store):
    from dashboard.components.chart_card import xlsx_download
    from dashboard.state.view import resolve_view, view_state_data

    query = "groep=netwerkstad-twente;Hengelo%20%2B%20Borne:GM0164,GM0147&van=2024&vergelijk="
    view = resolve_view(query)
    assert view.notes == []
    with dash_app.server.test_request_context("/"):
        spec = {"kind": "line", "indicator": "share_18_35"}
        download = xlsx_download(view_state_data(view), spec)
    workbook = _workbook(base64.b64decode(download["content"]))
    codes = {row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert codes == {"GM0164", "GROEP:netwerkstad-twente", "GROEP:hengelo-borne"}
    fields = _metadata(workbook["Metadata"])
    assert fields["Regiogroepen (opgeteld uit)"] == (
        "Netwerkstad Twente (Almelo, Borne, Enschede, Hengelo (O.), Oldenzaal); "
        "Hengelo + Borne (Hengelo (O.), Borne)"
    )
    # Groups are comparison regions under their own codes, as in the data sheet's Code column.
    assert fields["Vergeleken met"] == (
        "Netwerkstad Twente (GROEP:netwerkstad-twente), Hengelo + Borne (GROEP:hengelo-borne)"
    )
    assert fields["Link naar deze weergave"] == "http://localhost/?" + view.query.lstrip("?")


PREFIX_SCRIPT = """
import json
import app
from dashboard.components.chart_card import view_url
from dashboard.state.url import ViewState
state = ViewState(gemeente="GM0153", taal="en")
with app.server.test_request_context("/"):
    print(json.dumps([
        view_url(state, "https://gemeente.example/talent/vergrijzing?x", "/talent/vergrijzing"),
        view_url(state, "https://gemeente.example/vergrijzing", "/vergrijzing"),
    ]))
"""


def test_xls011_behind_a_proxy_prefix_the_link_keeps_it(data_dir):
    """Dash reads the prefix once, when the app is made: a process of its own."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "TALENT_DATA_DIR": str(data_dir),
        "DASH_REQUESTS_PATHNAME_PREFIX": "/talent/",
    }
    done = subprocess.run(
        [sys.executable, "-c", PREFIX_SCRIPT],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    inside, outside = json.loads(done.stdout.strip().splitlines()[-1])
    assert inside == "https://gemeente.example/talent/vergrijzing?gemeente=GM0153&taal=en"
    # a path outside the prefix (Dash would refuse it) gives the home page under the prefix
    assert outside == "https://gemeente.example/talent/?gemeente=GM0153&taal=en"
