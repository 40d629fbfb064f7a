"""The cards on moves between municipalities, on the ETL's demo store (its 81734NED):
numbers recounted here from the store's flows with plain pandas."""

from __future__ import annotations

import csv
import dataclasses
import io

import plotly.graph_objects as go
import pytest
from support.stores import publish_store

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.store import load_store
from dashboard.state.url import ViewState

HENGELO = "GM0164"


def _by_partner(store, column: str, years: range) -> dict[str, int]:
    """Persons per partner of Hengelo: ``column`` is the focus side (origin: leavers)."""
    other = "destination" if column == "origin" else "origin"
    flows = store.flows
    rows = flows[
        (flows[column] == HENGELO) & (flows[other] != HENGELO) & flows["year"].isin(list(years))
    ]
    return rows.groupby(other)["persons"].sum().to_dict()


def _nl(persons: int) -> str:
    return f"{persons:,}".replace(",", ".")  # Dutch thousands: 1.528


def _newest(store) -> int:
    return int(store.flows["year"].max())


def test_flc001_top_destinations_of_the_newest_year(store):
    year = _newest(store)
    out = _by_partner(store, "origin", range(year, year + 1))
    ranked = sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    content = build_card(CardSpec("flow_destinations"), ViewState(), store)
    figure = go.Figure(content.figure)
    assert list(figure.data[0].x) == [persons for _, persons in ranked]
    top_code, top_persons = ranked[0]
    share = f"{top_persons / sum(out.values()) * 100:.1f}".replace(".", ",")
    top_name = store.name(top_code)
    assert content.title == (
        f"Wie Hengelo (O.) verliet voor een andere gemeente, ging het vaakst naar {top_name}: "
        f"{_nl(top_persons)} personen, {share}% van de vertrekkers ({year}, alle leeftijden)"
    )
    assert "Alle leeftijden" in content.definition and "81734NED" in content.source
    rows = list(csv.reader(io.StringIO(content.csv("nl")[1:]), delimiter=";"))
    assert rows[0] == ["Rang", "Naar gemeente", "Code", "Personen", "Aandeel (%)"]
    assert [(r[2], int(r[3])) for r in rows[1:]] == ranked
    assert content.filename == f"hengelo_o_destinations_{year}"


def test_flc002_origins_and_net_for_a_range_summed(store):
    year = _newest(store)
    years = range(year - 4, year + 1)
    came = _by_partner(store, "destination", years)
    went = _by_partner(store, "origin", years)
    state = ViewState(van=year - 4, tot=year)
    origins = build_card(CardSpec("flow_origins"), state, store)
    ranked = sorted(came.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert list(origins.figure["data"][0]["x"]) == [persons for _, persons in ranked]
    assert f"({year - 4}–{year} opgeteld, alle leeftijden)" in origins.title
    net = {code: came.get(code, 0) - went.get(code, 0) for code in set(came) | set(went)}
    largest = sorted((kv for kv in net.items() if kv[1]), key=lambda kv: (-abs(kv[1]), kv[0]))[:10]
    shown = sorted(largest, key=lambda kv: (-kv[1], kv[0]))
    content = build_card(CardSpec("flow_net"), state, store)
    assert list(content.figure["data"][0]["x"]) == [n for _, n in shown]
    balance = sum(came.values()) - sum(went.values())
    sign = "+" if balance > 0 else "−" if balance < 0 else ""
    assert content.title.startswith(
        f"Hengelo (O.): verhuissaldo met andere gemeenten {sign}{_nl(abs(balance))}"
    )
    table = content.table
    assert table.header == [
        "Gemeente",
        "Code",
        "Vestigers (in)",
        "Vertrekkers (uit)",
        "Saldo (in − uit)",
    ]
    assert [row[1] for row in table.rows] == [code for code, _ in shown]


def test_flc003_flow_map_lines_by_persons(store):
    content = build_card(CardSpec("flow_map"), ViewState(), store)
    figure = go.Figure(content.figure)  # valid, and only scatter traces (basic bundle)
    assert {trace.type for trace in figure.data} == {"scatter"}
    year = _newest(store)
    both = {
        code: _by_partner(store, "origin", range(year, year + 1)).get(code, 0)
        + _by_partner(store, "destination", range(year, year + 1)).get(code, 0)
        for code in store.twente_gemeenten
        if code != HENGELO
    }
    lines = [
        t
        for t in content.figure["data"]
        if t.get("mode") == "lines" and "name" in t and t.get("x") != [None]
    ]
    widths = {t["name"]: t["line"]["width"] for t in lines}
    largest = max(both.values())
    for code, persons in both.items():
        assert widths[store.name(code)] == pytest.approx(max(1.5, 12.0 * persons / largest))
    assert content.notes and "liggen buiten de kaart" in content.notes[0]


def test_flc004_years_without_flows_and_a_store_without_them_say_so(store, tmp_path):
    short = build_card(
        CardSpec("flow_destinations"), ViewState(gemeente="GM0153", van=2000, tot=2001), store
    )
    assert short.figure is None and short.message.startswith(
        "Geen verhuizingen tussen gemeenten in 2000–2001; de cijfers lopen van "
    )

    def without_flows(content):
        products = {role: p for role, p in content.products.items() if role != "flows"}
        return dataclasses.replace(content, products=products)

    folder = publish_store(tmp_path, edit=without_flows)
    bare = load_store(folder)
    assert bare.flows is None
    for kind in ("flow_destinations", "flow_origins", "flow_net", "flow_map"):
        content = build_card(CardSpec(kind), ViewState(), bare)
        assert content.figure is None
        assert content.message == (
            "De verhuizingen tussen gemeenten (CBS 81734NED) zitten niet in deze gegevensversie."
        )


def test_flc005_a_kept_or_absent_81734ned_is_named_on_every_flow_card(store):
    from dashboard.cards.notes import card_sources
    from dashboard.cards.sources import catalogue_tables

    for kind in ("flow_destinations", "flow_origins", "flow_net", "flow_map"):
        sources = card_sources(CardSpec(kind), ViewState(), store)
        assert catalogue_tables(store, sources) == ["81734NED"], kind


def test_flc006_partners_outside_the_scope_are_named_as_81734ned_titles_them(store):
    """The store's regions name only the 17 Twente areas; every other partner gets the name
    81734NED's metadata gives its code (flows.parquet's origin_name/destination_name), so
    no bare 'GM0363' reaches the table, and no 'unnamed' note is needed."""
    year = _newest(store)
    out = _by_partner(store, "origin", range(year, year + 1))
    flows = store.flows
    titles = dict(zip(flows["destination"], flows["destination_name"], strict=True))
    outside = [code for code in out if code not in store.region_names]
    assert outside, "the demo's Hengelo moves to municipalities outside Twente too"
    content = build_card(CardSpec("flow_destinations"), ViewState(), store)
    rows = list(csv.reader(io.StringIO(content.csv("nl")[1:]), delimiter=";"))[1:]
    shown = {code: name for _, name, code, *_ in rows}
    assert all(name == titles[code] for code, name in shown.items() if code in outside)
    assert all(not name.startswith("GM") for name in shown.values())
    assert not any("zonder naam" in note for note in content.notes)
