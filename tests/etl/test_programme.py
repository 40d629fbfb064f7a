"""The programme file (programme/): the seeded workbook and its CSV twin load alike; every kind
of bad cell gives a Dutch message naming sheet, row, column and what was expected; a refresh
with a bad file publishes nothing.

Bad files are made in tmp_path from the good CSVs, one cell changed; row numbers are those a
spreadsheet shows (header = row 1). In doelen.csv row 2 is population, 3 share_18_35, 4
budget_committed_wonen; in metingen.csv row 2 is budget_committed_wonen on 2024-12-31.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_refresh import fingerprint, run_etl

from etl.programme import ProgrammeError, load_programme

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = ROOT / "programme"
XLSX = PROGRAMME / "talentopgave.xlsx"
CSV_DIR = PROGRAMME / "csv"
FRAMES = ("targets", "measurements", "milestones", "events", "indicators")


# --- helpers: change one cell of a copy of the good CSVs -----------------------------------


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "csv"
    shutil.copytree(CSV_DIR, target)
    return target


def read_sheet(folder: Path, sheet: str) -> list[list[str]]:
    with open(folder / f"{sheet}.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def write_sheet(folder: Path, sheet: str, rows: list[list[str]]) -> None:
    with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)


def set_cell(folder: Path, sheet: str, row: int, column: str, value: str) -> None:
    """Row as the spreadsheet shows it: the header is row 1."""
    rows = read_sheet(folder, sheet)
    rows[row - 1][rows[0].index(column)] = value
    write_sheet(folder, sheet, rows)


def copy_row(folder: Path, sheet: str, row: int, **changes: str) -> None:
    """Append a copy of ``row`` (with ``changes``) as the sheet's last row."""
    rows = read_sheet(folder, sheet)
    new = list(rows[row - 1])
    for column, value in changes.items():
        new[rows[0].index(column)] = value
    write_sheet(folder, sheet, [*rows, new])


def problems(path: Path) -> list[str]:
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    return caught.value.problems


def only_problem(path: Path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


# --- the good file --------------------------------------------------------------------------


def test_prg001_seeded_workbook_and_csv_folder_hold_the_same_programme():
    from_xlsx, from_csv = load_programme(XLSX), load_programme(CSV_DIR)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(from_xlsx, name), getattr(from_csv, name))
    assert (
        from_xlsx.rows()
        == from_csv.rows()
        == {
            "doelen": 7,
            "metingen": 18,
            "mijlpalen": 4,
            "gebeurtenissen": 4,
            "programmaindicatoren": 9,
        }
    )


def test_prg002_seed_holds_the_public_facts_and_marks_the_rest_as_example():
    programme = load_programme(CSV_DIR)
    targets = programme.targets.set_index("indicator")
    population = targets.loc["population"]
    assert (population["region_code"], population["target_value"]) == ("GM0164", 100_000)
    assert population["example"]  # the ambition has no public target year
    assert population["indicator_kind"] == "cbs"
    assert pd.isna(targets.loc["share_18_35", "baseline_value"])  # taken from CBS data
    pillars = [f"budget_committed_{p}" for p in ("wonen", "werken", "leven", "imago")]
    assert targets.loc[pillars, "target_value"].tolist() == [700_000] * 4
    assert set(targets.loc[pillars, "indicator_kind"]) == {"programma"}
    assert "5 miljoen" in targets.loc["budget_committed_wonen", "source"]
    assert programme.measurements["example"].all()  # no real measurements are public
    milestones = programme.milestones.set_index("title")
    plan = milestones.loc["Programmaplan Talent aangeboden aan de gemeenteraad"]
    assert (plan["date"].year, plan["date"].quarter, plan["status"]) == (2025, 1, "gereed")
    assert not plan["example"]
    policy = programme.events[programme.events["kind"] == "beleid"]["title"].tolist()
    assert any("Zomernota 2023–2027" in t for t in policy)
    assert any("Zomernota 2025–2029" in t and "reserve" in t for t in policy)
    assert {"budget_spent_wonen", "initiatives_started"} <= set(programme.indicators["id"])


def test_prg003_template_script_rewrites_the_committed_files_reproducibly(tmp_path):
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("build_template", PROGRAMME / "build_template.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(["--out", str(tmp_path / "a")])
    build.main(["--out", str(tmp_path / "b")])
    assert (tmp_path / "a" / "talentopgave.xlsx").read_bytes() == (
        tmp_path / "b" / "talentopgave.xlsx"
    ).read_bytes()
    for path in CSV_DIR.iterdir():
        assert (tmp_path / "a" / "csv" / path.name).read_bytes() == path.read_bytes(), path
    regenerated = load_programme(tmp_path / "a" / "talentopgave.xlsx")
    committed = load_programme(XLSX)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(regenerated, name), getattr(committed, name))


def test_prg004_dutch_numbers_a_bom_and_empty_rows_are_accepted(folder):
    set_cell(folder, "metingen", 2, "waarde", "1.234,5")
    set_cell(folder, "metingen", 3, "waarde", "12,5")
    set_cell(folder, "metingen", 4, "waarde", "7.25")
    set_cell(folder, "doelen", 2, "regio", "")  # empty: Hengelo
    write_sheet(folder, "mijlpalen", [*read_sheet(folder, "mijlpalen"), ["", "", "", "", "", ""]])
    text = (folder / "gebeurtenissen.csv").read_text(encoding="utf-8")
    (folder / "gebeurtenissen.csv").write_text("\ufeff" + text, encoding="utf-8")
    programme = load_programme(folder)
    values = programme.measurements.set_index(["indicator", "date"])["value"]
    assert values[("budget_committed_wonen", pd.Timestamp("2024-12-31"))] == 1234.5
    assert values[("budget_committed_wonen", pd.Timestamp("2025-06-30"))] == 12.5
    assert values[("budget_committed_werken", pd.Timestamp("2024-12-31"))] == 7.25
    assert programme.targets.loc[0, "region_code"] == "GM0164"
    assert programme.rows()["mijlpalen"] == 4 and programme.rows()["gebeurtenissen"] == 4


# --- each kind of bad row, with the message it gives ----------------------------------------


def test_prg010_missing_sheet(folder):
    (folder / "mijlpalen.csv").unlink()
    assert only_problem(folder) == (
        f"Blad 'mijlpalen': verwacht een bestand mijlpalen.csv in {folder}, maar dat ontbreekt"
    )


def test_prg011_missing_sheet_in_the_workbook(tmp_path):
    workbook = openpyxl.load_workbook(XLSX)
    del workbook["gebeurtenissen"]
    workbook.save(tmp_path / "p.xlsx")
    assert only_problem(tmp_path / "p.xlsx") == (
        "Blad 'gebeurtenissen': verwacht een blad 'gebeurtenissen' in p.xlsx, maar dat "
        "ontbreekt (gevonden: doelen, metingen, mijlpalen, programmaindicatoren)"
    )


def test_prg012_missing_column(folder):
    rows = read_sheet(folder, "doelen")
    drop = rows[0].index("doeljaar")
    write_sheet(folder, "doelen", [r[:drop] + r[drop + 1 :] for r in rows])
    assert only_problem(folder) == (
        "Blad 'doelen', rij 1, kolom 'doeljaar': verwacht deze kolom in de kopregel, maar "
        "die ontbreekt"
    )


def test_prg013_unknown_column(folder):
    rows = read_sheet(folder, "metingen")
    write_sheet(folder, "metingen", [rows[0] + ["opmerking"]] + [r + [""] for r in rows[1:]])
    assert only_problem(folder) == (
        "Blad 'metingen', rij 1, kolom 'opmerking': verwacht alleen de kolommen indicator, "
        "datum, waarde, toelichting, voorbeeld; dit is een onbekende kolom"
    )


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "message"),
    [
        (
            "doelen",
            4,
            "doeljaar",
            "20300",
            "Blad 'doelen', rij 4, kolom 'doeljaar': verwacht een jaartal tussen 2000 en 2100, "
            "gevonden '20300'",
        ),
        (
            "doelen",
            2,
            "basisjaar",
            "twintig",
            "Blad 'doelen', rij 2, kolom 'basisjaar': verwacht een jaartal tussen 2000 en 2100, "
            "gevonden 'twintig'",
        ),
        (
            "doelen",
            2,
            "doelwaarde",
            "honderdduizend",
            "Blad 'doelen', rij 2, kolom 'doelwaarde': verwacht een getal "
            "(decimaalkomma mag, bijv. 12,5), gevonden 'honderdduizend'",
        ),
        (
            "metingen",
            2,
            "waarde",
            "1.500",
            "Blad 'metingen', rij 2, kolom 'waarde': verwacht een getal zonder punt als "
            "duizendtalscheiding (schrijf 1500 of 1,5), gevonden '1.500'",
        ),
        (
            "metingen",
            3,
            "datum",
            "30-06-2025",
            "Blad 'metingen', rij 3, kolom 'datum': verwacht een datum als JJJJ-MM-DD (bijv. "
            "2025-03-31), gevonden '30-06-2025'",
        ),
        (
            "mijlpalen",
            2,
            "datum",
            "2025-02-30",
            "Blad 'mijlpalen', rij 2, kolom 'datum': verwacht een datum als JJJJ-MM-DD (bijv. "
            "2025-03-31), gevonden '2025-02-30'",
        ),
        (
            "doelen",
            3,
            "voorbeeld",
            "misschien",
            "Blad 'doelen', rij 3, kolom 'voorbeeld': verwacht 'ja' (geen openbaar gegeven) of "
            "'nee', gevonden 'misschien'",
        ),
        (
            "doelen",
            2,
            "regio",
            "Hengelo",
            "Blad 'doelen', rij 2, kolom 'regio': verwacht een CBS-regiocode zoals GM0164, CR12, "
            "PV23 of NL01 (leeg = GM0164), gevonden 'Hengelo'",
        ),
        (
            "programmaindicatoren",
            2,
            "indicator",
            "Budget wonen",
            "Blad 'programmaindicatoren', rij 2, kolom 'indicator': verwacht een id van kleine "
            "letters, cijfers en _ (bijv. budget_committed_wonen), gevonden 'Budget wonen'",
        ),
    ],
)
def test_prg014_wrong_type(folder, sheet, row, column, value, message):
    set_cell(folder, sheet, row, column, value)
    found = problems(folder)
    if sheet == "programmaindicatoren":  # renaming an id also orphans the rows using it
        assert message in found
    else:
        assert found == [message]


@pytest.mark.parametrize(
    ("sheet", "row", "column", "message"),
    [
        ("doelen", 2, "bron", "Blad 'doelen', rij 2, kolom 'bron': verwacht tekst, de cel is leeg"),
        (
            "metingen",
            2,
            "datum",
            "Blad 'metingen', rij 2, kolom 'datum': verwacht een datum als JJJJ-MM-DD (bijv. "
            "2025-03-31), de cel is leeg",
        ),
        (
            "doelen",
            4,
            "basiswaarde",
            "Blad 'doelen', rij 4, kolom 'basiswaarde': verwacht een getal (decimaalkomma mag, "
            "bijv. 12,5) (leeg mag alleen bij een CBS-indicator), de cel is leeg",
        ),
        (
            "gebeurtenissen",
            2,
            "voorbeeld",
            "Blad 'gebeurtenissen', rij 2, kolom 'voorbeeld': verwacht 'ja' (geen openbaar "
            "gegeven) of 'nee', de cel is leeg",
        ),
    ],
)
def test_prg015_empty_required_cell(folder, sheet, row, column, message):
    set_cell(folder, sheet, row, column, "")
    assert only_problem(folder) == message


def test_prg016_unknown_indicator(folder):
    set_cell(folder, "doelen", 2, "indicator", "populatie")
    assert only_problem(folder) == (
        "Blad 'doelen', rij 2, kolom 'indicator': verwacht een CBS-indicator uit de catalogus "
        "(etl/indicators.toml) of een indicator uit blad 'programmaindicatoren', gevonden "
        "'populatie'"
    )


def test_prg017_measurements_are_of_programme_indicators_only(folder):
    set_cell(folder, "metingen", 2, "indicator", "population")
    set_cell(folder, "metingen", 3, "indicator", "budget_wonen")
    assert problems(folder) == [
        "Blad 'metingen', rij 2, kolom 'indicator': verwacht een indicator uit blad "
        "'programmaindicatoren', gevonden 'population' (een CBS-indicator: die cijfers komen "
        "uit de CBS-data)",
        "Blad 'metingen', rij 3, kolom 'indicator': verwacht een indicator uit blad "
        "'programmaindicatoren', gevonden 'budget_wonen'",
    ]


def test_prg018_programme_indicator_may_not_reuse_a_catalogue_id(folder):
    copy_row(folder, "programmaindicatoren", 2, indicator="births")
    assert only_problem(folder) == (
        "Blad 'programmaindicatoren', rij 11, kolom 'indicator': verwacht een nieuwe id, "
        "gevonden 'births', dat al een CBS-indicator uit de catalogus is"
    )


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "message"),
    [
        (
            "mijlpalen",
            3,
            "pijler",
            "sport",
            "Blad 'mijlpalen', rij 3, kolom 'pijler': verwacht een van: wonen, werken, leven, "
            "imago, programma, gevonden 'sport'",
        ),
        (
            "mijlpalen",
            3,
            "status",
            "klaar",
            "Blad 'mijlpalen', rij 3, kolom 'status': verwacht een van: gepland, bezig, gereed, "
            "vertraagd, gevonden 'klaar'",
        ),
        (
            "gebeurtenissen",
            5,
            "soort",
            "nieuws",
            "Blad 'gebeurtenissen', rij 5, kolom 'soort': verwacht een van: beleid, databreuk, "
            "gevonden 'nieuws'",
        ),
        (
            "programmaindicatoren",
            2,
            "eenheid",
            "EUR",
            "Blad 'programmaindicatoren', rij 2, kolom 'eenheid': verwacht een van: aantal, euro, "
            "%, gevonden 'EUR'",
        ),
    ],
)
def test_prg019_unknown_pillar_status_type_or_unit(folder, sheet, row, column, value, message):
    set_cell(folder, sheet, row, column, value)
    assert only_problem(folder) == message


def test_prg020_allowed_values_ignore_case(folder):
    set_cell(folder, "mijlpalen", 3, "pijler", "Programma")
    set_cell(folder, "doelen", 2, "voorbeeld", "JA")
    load_programme(folder)


@pytest.mark.parametrize(
    ("sheet", "row", "value", "message"),
    [
        (
            "metingen",
            2,
            "1999-12-31",
            "Blad 'metingen', rij 2, kolom 'datum': verwacht een datum tussen 2000-01-01 en "
            "2100-12-31, gevonden '1999-12-31'",
        ),
        (
            "gebeurtenissen",
            2,
            "2101-01-01",
            "Blad 'gebeurtenissen', rij 2, kolom 'datum': verwacht een datum tussen 2000-01-01 en "
            "2100-12-31, gevonden '2101-01-01'",
        ),
    ],
)
def test_prg021_date_out_of_range(folder, sheet, row, value, message):
    set_cell(folder, sheet, row, "datum", value)
    assert only_problem(folder) == message


def test_prg022_target_year_must_follow_the_baseline_year(folder):
    set_cell(folder, "doelen", 4, "doeljaar", "2020")
    assert only_problem(folder) == (
        "Blad 'doelen', rij 4, kolom 'doeljaar': verwacht een jaartal na het basisjaar (2023), "
        "gevonden '2020'"
    )


def test_prg023_target_value_must_differ_from_the_baseline(folder):
    set_cell(folder, "doelen", 2, "doelwaarde", "82311")
    assert only_problem(folder) == (
        "Blad 'doelen', rij 2, kolom 'doelwaarde': verwacht een andere waarde dan de "
        "basiswaarde (82311), gevonden '82311'"
    )


def test_prg024_duplicate_target_counts_an_empty_region_as_hengelo(folder):
    copy_row(folder, "doelen", 2, regio="")
    assert only_problem(folder) == (
        "Blad 'doelen', rij 9, kolommen 'indicator' en 'regio': verwacht één regel per "
        "indicator en regio, gevonden 'population' en 'GM0164' opnieuw (ook in rij 2)"
    )


def test_prg025_duplicate_measurement(folder):
    copy_row(folder, "metingen", 3, waarde="330000")
    assert only_problem(folder) == (
        "Blad 'metingen', rij 20, kolommen 'indicator' en 'datum': verwacht één regel per "
        "indicator en datum, gevonden 'budget_committed_wonen' en '2025-06-30' opnieuw (ook in "
        "rij 3)"
    )


def test_prg026_a_target_for_another_region_is_no_duplicate(folder):
    copy_row(folder, "doelen", 2, regio="CR12")
    assert load_programme(folder).targets["region_code"].tolist()[-1] == "CR12"


def test_prg027_bad_link(folder):
    set_cell(folder, "gebeurtenissen", 3, "link", "www.hengelo.nl")
    assert only_problem(folder) == (
        "Blad 'gebeurtenissen', rij 3, kolom 'link': verwacht een webadres dat begint met "
        "http:// of https://, of een lege cel, gevonden 'www.hengelo.nl'"
    )


def test_prg028_all_problems_are_listed_in_file_order(folder):
    set_cell(folder, "gebeurtenissen", 3, "link", "ftp://example.org")
    set_cell(folder, "doelen", 4, "doeljaar", "20300")
    set_cell(folder, "doelen", 2, "bron", "")
    set_cell(folder, "doelen", 2, "basisjaar", "2O23")
    found = problems(folder)
    assert [p.split(":")[0] for p in found] == [
        "Blad 'doelen', rij 2, kolom 'basisjaar'",
        "Blad 'doelen', rij 2, kolom 'bron'",
        "Blad 'doelen', rij 4, kolom 'doeljaar'",
        "Blad 'gebeurtenissen', rij 3, kolom 'link'",
    ]


def test_prg029_workbook_cells_report_the_rows_excel_shows(tmp_path):
    workbook = openpyxl.load_workbook(XLSX)
    sheet = workbook["metingen"]
    sheet["C5"] = "veel"  # row 5, column waarde
    sheet.insert_rows(3)  # an empty row in between: skipped, but counted
    workbook.save(tmp_path / "p.xlsx")
    assert only_problem(tmp_path / "p.xlsx") == (
        "Blad 'metingen', rij 6, kolom 'waarde': verwacht een getal (decimaalkomma mag, bijv. "
        "12,5), gevonden 'veel'"
    )


def test_prg030_comma_separated_csv_is_refused(folder):
    rows = read_sheet(folder, "mijlpalen")
    (folder / "mijlpalen.csv").write_text("\n".join(",".join(r) for r in rows[:1]) + "\n")
    assert only_problem(folder) == (
        "Blad 'mijlpalen', rij 1: verwacht ';' als scheidingsteken in mijlpalen.csv, gevonden ','"
    )


def test_prg031_missing_or_wrong_file(tmp_path):
    assert only_problem(tmp_path / "nope.xlsx") == (
        f"Bestand '{tmp_path / 'nope.xlsx'}': verwacht een programmabestand (.xlsx) of een map "
        "met CSV-bestanden, maar dat bestaat niet"
    )
    (tmp_path / "doelen.csv").write_text("indicator\n")
    assert only_problem(tmp_path / "doelen.csv") == (
        f"Bestand '{tmp_path / 'doelen.csv'}': verwacht een programmabestand (.xlsx) of een "
        "map met CSV-bestanden, gevonden '.csv'"
    )
    (tmp_path / "kapot.xlsx").write_text("no zip")
    assert only_problem(tmp_path / "kapot.xlsx").startswith(
        "Bestand 'kapot.xlsx': verwacht een Excel-bestand (.xlsx) dat te openen is"
    )


# --- the refresh: published with the store, or nothing published -----------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """A demo store published with the CSV twin (chosen through the environment)."""
    data_dir = tmp_path_factory.mktemp("programme-demo")
    code, out = run_etl(data_dir, "refresh", "--demo", env={"TALENT_PROGRAMME_FILE": str(CSV_DIR)})
    assert code == 0, out
    return data_dir


def test_prg040_refresh_publishes_the_programme_with_target_status(demo_run):
    store = demo_run / "store"
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["programme"]["file"] == str(CSV_DIR)
    assert manifest["programme"]["rows"] == load_programme(CSV_DIR).rows()
    assert len(manifest["programme"]["sha256"]) == 64
    targets = pd.read_parquet(store / "programme_targets.parquet")
    assert list(targets.columns) == [
        "indicator",
        "indicator_kind",
        "region_code",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "source",
        "example",
        "note",
        "baseline_from_data",
        "status",
        "latest_year",
        "latest_value",
        "path_value",
        "gap_amount",
        "gap_years",
    ]
    assert targets["status"].notna().all()
    indicators = pd.read_parquet(store / "indicators.parquet")
    share = targets.set_index("indicator").loc["share_18_35"]
    cbs_2024 = indicators.query(
        "indicator == 'share_18_35' and region_code == 'GM0164' and year == 2024"
    )["value"].item()
    assert share["baseline_from_data"] and share["baseline_value"] == cbs_2024
    for name in (
        "programme_measurements.parquet",
        "programme_milestones.parquet",
        "programme_events.parquet",
    ):
        assert len(pd.read_parquet(store / name)) > 0, name
    definitions = json.loads((store / "programme_indicators.json").read_text())
    assert {
        "id",
        "title_nl",
        "title_en",
        "unit",
        "definition_nl",
        "definition_en",
        "pillar",
    } == set(definitions[0])
    code, out = run_etl(demo_run, "status")
    assert code == 0 and "Programme file:" in out and "doelen 7" in out


def test_prg041_bad_programme_file_publishes_nothing(demo_run, folder):
    set_cell(folder, "doelen", 4, "doeljaar", "20300")
    set_cell(folder, "gebeurtenissen", 3, "link", "www.hengelo.nl")
    before = fingerprint(demo_run)
    code, out = run_etl(demo_run, "refresh", "--demo", "--programme", str(folder))
    assert code == 1, out
    assert "ETL failed: Het programmabestand bevat fouten; niets gepubliceerd." in out
    assert f"Bestand: {folder}" in out
    assert (
        "  - Blad 'doelen', rij 4, kolom 'doeljaar': verwacht een jaartal tussen 2000 en "
        "2100, gevonden '20300'"
    ) in out
    assert "  - Blad 'gebeurtenissen', rij 3, kolom 'link'" in out
    assert "De gepubliceerde store is ongewijzigd." in out
    assert "Traceback" not in out
    assert fingerprint(demo_run) == before
