"""Card contents computed from the ETL's demo store: titles, summaries, tables, CSV, names.

Expected numbers are read from the store's own series, or computed by hand from them."""

from __future__ import annotations

import csv
import io

import plotly.graph_objects as go

from dashboard.cards.model import CardSpec, is_count
from dashboard.cards.registry import build_card
from dashboard.state.url import ViewState

SHARE = CardSpec("line", "share_18_35")


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def _dutch(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def test_crd001_share_title_states_the_finding(store):
    content = build_card(SHARE, ViewState(), store)
    hengelo = store.get_series("share_18_35", "GM0164")
    first, last = store.observed_years[0], store.observed_years[-1]
    assert (first, last) == (2000, 2025)
    assert hengelo.values[0] > hengelo.values[-1]  # the demo's 18-35 share falls
    assert content.title == (
        "Aandeel inwoners van 18 tot en met 35 jaar in Hengelo (O.): gedaald van "
        f"{_dutch(hengelo.value_in(first))}% naar {_dutch(hengelo.value_in(last))}% "
        "(2000–2025)"
    )
    assert "in Twente van" in content.summary and "in Nederland van" in content.summary
    assert "Cijfers voor 2025 zijn voorlopig." in content.summary
    go.Figure(content.figure)


def test_crd002_english_words_and_numbers(store):
    content = build_card(SHARE, ViewState(taal="en", gemeente="GM0153"), store)
    assert content.title.startswith("Share of residents aged 18 to 35 in Enschede: down from ")
    assert "in the Netherlands from" in content.summary
    assert content.figure["layout"]["separators"] == ".,"
    assert "." in content.table.rows[0][1] and "," not in content.table.rows[0][1]


def test_crd003_csv_is_exactly_the_table_in_dutch_excel_format(store):
    state = ViewState(van=2020, tot=2023, vergelijk=("CR12",))
    content = build_card(SHARE, state, store)
    rows = _csv_rows(content.csv("nl"), ";")
    assert rows[0] == ["Regio", "Code", "Jaar", "Waarde (%)", "Status"]
    assert {r[1] for r in rows[1:]} == {"GM0164", "CR12"}
    assert sorted({int(r[2]) for r in rows[1:]}) == [2020, 2021, 2022, 2023]
    assert len(rows) - 1 == 2 * 4 == sum(len(r) - 1 for r in content.table.rows)
    value = store.get_series("share_18_35", "GM0164").value_in(2020)
    assert rows[1][3] == f"{value:.1f}".replace(".", ",")


def test_crd004_csv_in_english_uses_commas(store):
    content = build_card(SHARE, ViewState(taal="en"), store)
    rows = _csv_rows(content.csv("en"), ",")
    assert rows[0][0] == "Region" and "." in rows[1][3]


def test_crd005_png_file_name_says_what_it_shows(store):
    assert build_card(SHARE, ViewState(), store).filename == "hengelo_o_share_18_35_2000-2025"
    index = build_card(SHARE, ViewState(basisjaar=2015, van=2014), store)
    assert index.filename == "hengelo_o_share_18_35_index_2015_2014-2025"


def test_crd006_counts_show_the_focus_only_unless_indexed(store):
    assert is_count(store.catalogue["births"]) and not is_count(store.catalogue["share_18_35"])
    plain = build_card(CardSpec("line", "births"), ViewState(), store)
    assert {t.get("legendgroup") for t in plain.figure["data"]} <= {"GM0164", None}
    assert plain.notes  # says why the comparisons are missing
    indexed = build_card(CardSpec("line", "births"), ViewState(basisjaar=2015), store)
    groups = {t.get("legendgroup") for t in indexed.figure["data"]}
    assert {"GM0164", "CR12", "NL01"} <= groups


def test_crd007_index_is_100_in_the_base_year(store):
    content = build_card(SHARE, ViewState(basisjaar=2016), store)
    for trace in content.figure["data"]:
        if 2016 in (trace.get("x") or []):
            assert abs(trace["y"][trace["x"].index(2016)] - 100) < 1e-9


def test_crd008_migration_per_1000_inhabitants(store):
    spec = CardSpec("line", "net_migration", per_1000_of="population")
    content = build_card(spec, ViewState(van=2020, tot=2020), store)
    expected = (
        store.get_series("net_migration", "CR12").value_in(2020)
        / store.get_series("population", "CR12").value_in(2020)
        * 1000
    )
    twente = next(t for t in content.figure["data"] if t.get("legendgroup") == "CR12")
    assert abs(twente["y"][0] - expected) < 1e-9
    assert content.title.startswith("Migratiesaldo per 1.000 inwoners in Hengelo (O.): ")


def test_crd009_forecast_pyramid_ranking_and_map(store):
    forecast = build_card(CardSpec("forecast", "population_forecast"), ViewState(), store)
    assert "2050" in forecast.title and "67%-interval" in forecast.summary
    pyramid = build_card(CardSpec("pyramid"), ViewState(tot=2020), store)
    assert "2020" in pyramid.title and "18–35" in pyramid.title
    ranking = build_card(CardSpec("ranking"), ViewState(gemeente="GM0153"), store)
    assert "Enschede op plaats" in ranking.title and len(ranking.table.rows) == 14
    assert [row[1] for row in ranking.table.rows] == [  # highest first, as in the store
        store.name(code)
        for code, _, _ in sorted(store.year_values("share_18_35", 2025), key=lambda r: -r[1])
        if code in store.twente_gemeenten
    ]
    map_content = build_card(CardSpec("map"), ViewState(indicator="share_65plus"), store)
    assert map_content.figure is not None and "65-plussers" in map_content.title
    for content in (forecast, pyramid, ranking, map_content):
        go.Figure(content.figure)


def test_crd010_missing_boundaries_say_so(store):
    from dataclasses import replace

    without = replace(
        store,
        boundaries=None,
        manifest={
            **store.manifest,
            "boundaries": {"available": False, "note": "PDOK onbereikbaar"},
        },
    )
    content = build_card(CardSpec("map"), ViewState(), without)
    assert content.figure is None and "PDOK onbereikbaar" in content.message


def test_crd011_unknown_indicator_or_kind_gives_no_data_not_an_error(store):
    for spec in (CardSpec("line", "nope"), CardSpec("bogus")):
        content = build_card(spec, ViewState(), store)
        assert content.figure is None and content.message


def test_crd012_source_tables_from_rows_or_manifest_roles(store):
    from dashboard.cards.sources import source_tables

    # The ETL's rows name the table(s) each value comes from ("source", joined with "+").
    assert source_tables(store, store.catalogue["birth_rate"]) == ["37259ned"]
    assert source_tables(store, store.catalogue["share_18_35"]) == ["03759ned"]
    # Without rows, the catalogue's roles are looked up in the manifest.
    assert source_tables(store, {"id": "not_in_rows", "sources": ["dynamics", "labour"]}) == [
        "37259ned",
        "86008NED",
    ]
    modified = store.manifest["tables"]["37259ned"]["modified"]  # 2025-06-27T02:00:00
    line = build_card(CardSpec("line", "birth_rate"), ViewState(), store).source
    assert modified.startswith("2025-06-27")
    assert line.startswith(
        "CBS, tabel 37259ned (bijgewerkt 27-6-2025); gegevensversie 1-3-2025 12:00 UTC."
    )


def test_crd013_ranking_falls_back_to_the_newest_year_with_figures(store):
    from dataclasses import replace

    trimmed = replace(store, _cache={})
    trimmed._cache[("year_values", "share_18_35")] = {2023: store.year_values("share_18_35", 2023)}
    content = build_card(CardSpec("ranking"), ViewState(tot=2025), trimmed)
    assert "in 2023:" in content.title


def test_crd014_focus_outside_twente_is_ranked_beside_it_but_not_mapped(store):
    from dataclasses import replace

    regions = store.regions.copy()
    regions.loc[regions["region_code"] == "GM0153", "in_twente"] = False  # pretend: elsewhere
    elsewhere = replace(store, regions=regions, _cache={})
    ranking = build_card(CardSpec("ranking"), ViewState(gemeente="GM0153"), elsewhere)
    assert "naast de Twentse gemeenten" in ranking.title
    drawn = build_card(CardSpec("map"), ViewState(gemeente="GM0153"), elsewhere).figure
    assert "Enschede" not in [t.get("name") for t in drawn["data"]]
