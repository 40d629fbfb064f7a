"""Transforms on tiny raw tables built here, with hand-computed expectations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.metadata import MetadataError
from etl.raw import RawTable
from etl.transform import (
    YouthBand,
    domestic_moves_counts,
    dynamics_counts,
    forecast_counts,
    international_counts,
    labour_counts,
    population_by_age,
    population_counts,
    population_totals,
    regions,
    youth_band,
)

SEXES = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]


def raw_table(table_id: str, dimensions: dict[str, list[tuple]], topics: list[str],
              rows: list[dict], *, geo: str = "RegioS", time: str = "Perioden",
              topic_groups: dict[str, list[str]] | None = None) -> RawTable:
    """A RawTable as load_raw_table returns it. Dimension members are (Key, Title) tuples;
    the time dimension's are (Key, Title, Status). ``topic_groups`` puts topics under a
    TopicGroup with that title."""
    properties: list[dict] = []
    frames: dict[str, pd.DataFrame] = {}
    for key, members in dimensions.items():
        kind = "GeoDimension" if key == geo else "TimeDimension" if key == time else "Dimension"
        properties.append({"ID": len(properties), "Type": kind, "Key": key, "Title": key,
                           "ParentID": None})
        columns = ["Key", "Title", "Status"] if key == time else ["Key", "Title"]
        frames[key] = pd.DataFrame([m[:len(columns)] for m in members], columns=columns)
    grouped = {t: title for title, ts in (topic_groups or {}).items() for t in ts}
    group_ids: dict[str, int] = {}
    for title in topic_groups or {}:
        group_ids[title] = len(properties)
        properties.append({"ID": len(properties), "Type": "TopicGroup", "Key": "",
                           "Title": title, "ParentID": None})
    for key in topics:
        properties.append({"ID": len(properties), "Type": "Topic", "Key": key, "Title": key,
                           "ParentID": group_ids.get(grouped.get(key, ""))})
    data = pd.DataFrame(rows)
    for key in dimensions:
        data[key] = data[key].astype("category")
    return RawTable(table_id, Path("."), {"Identifier": table_id}, properties, frames, data)


# --- 03759ned ------------------------------------------------------------------------------

AGES_03759 = [("10000", "Totaal"), ("10010", "0 jaar"), ("10100", "1 jaar"),
              ("10200", "2 jaar"), ("22000", "3 jaar of ouder"),
              ("22100", "2 jaar of ouder"),  # an overlapping open group: must be ignored
              ("70100", "0 tot 5 jaar")]  # a five-year class: ignored


def table_03759(ages=AGES_03759, population_topic="BevolkingOp1Januari_1") -> RawTable:
    def row(sex, age, marital, period, value):
        return {"Geslacht": sex, "Leeftijd": age, "BurgerlijkeStaat": marital,
                "RegioS": "GM0164", "Perioden": period, population_topic: value,
                "GemiddeldeBevolking_2": value + 0.5 if age == "10000" else None}

    rows = [
        # 2024, both sexes: ages 0, 1, 2, 3+ = 10, 20, 30, 4; the total 64 = 10+20+30+4
        row("T001038", "10010", "T001019", "2024JJ00", 10),
        row("T001038", "10100", "T001019", "2024JJ00", 20),
        row("T001038", "10200", "T001019", "2024JJ00", 30),
        row("T001038", "22000", "T001019", "2024JJ00", 4),
        row("T001038", "22100", "T001019", "2024JJ00", 34),
        row("T001038", "70100", "T001019", "2024JJ00", 64),
        row("T001038", "10000", "T001019", "2024JJ00", 64),
        row("4000", "10100", "T001019", "2024JJ00", 11),
        row("T001038", "10100", "1010", "2024JJ00", 19),  # unmarried only: ignored
        row("T001038", "10100", "T001019", "2023JJ00", 18),
        row("T001038", "10000", "T001019", "2023JJ00", 60),
        row("T001038", "10200", "T001019", "2023JJ00", None),  # not published: dropped
    ]
    return raw_table(
        "03759ned",
        {"Geslacht": SEXES, "Leeftijd": ages,
         "BurgerlijkeStaat": [("T001019", "Totaal burgerlijke staat"), ("1010", "Ongehuwd")],
         "RegioS": [("GM0164", "Hengelo (O.)")],
         "Perioden": [("2023JJ00", "2023", "Definitief"), ("2024JJ00", "2024", "Voorlopig")]},
        [population_topic, "GemiddeldeBevolking_2"], rows)


def test_population_by_age_single_years_and_the_open_top_group():
    frame = population_by_age(table_03759())
    assert list(frame.columns) == ["region_code", "year", "sex", "age", "age_open",
                                   "population", "status"]
    got = [tuple(r) for r in frame.itertuples(index=False)]
    assert got == [
        ("GM0164", 2023, "totaal", 1, False, 18, "definitief"),
        ("GM0164", 2024, "totaal", 0, False, 10, "voorlopig"),
        ("GM0164", 2024, "totaal", 1, False, 20, "voorlopig"),
        ("GM0164", 2024, "totaal", 2, False, 30, "voorlopig"),
        ("GM0164", 2024, "totaal", 3, True, 4, "voorlopig"),  # 22000 '3 jaar of ouder'
        ("GM0164", 2024, "vrouw", 1, False, 11, "voorlopig"),
    ]
    assert str(frame["population"].dtype) == "int64"


def test_population_totals_take_the_cbs_total_not_a_sum():
    frame = population_totals(table_03759())
    got = frame[["region_code", "year", "p_total", "mean_population", "status", "source"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("GM0164", 2023, 60.0, 60.5, "definitief", "03759ned"),
        ("GM0164", 2024, 64.0, 64.5, "voorlopig", "03759ned"),
    ]


def test_an_age_code_whose_title_disagrees_stops_the_run():
    ages = [*AGES_03759[:3], ("10200", "3 jaar"), *AGES_03759[4:]]
    with pytest.raises(MetadataError, match=r"03759ned.*10200.*'3 jaar'"):
        population_by_age(table_03759(ages))


def test_a_renamed_topic_raises_metadata_error_naming_table_and_item():
    with pytest.raises(MetadataError) as error:
        population_totals(table_03759(population_topic="Bevolking1Januari_1"))
    assert error.value.table_id == "03759ned"
    assert "BevolkingOp1Januari" in str(error.value) and "03759ned" in str(error.value)


def by_age(sex: str, populations: dict[int, int], open_top: tuple[int, int] | None = None,
           region: str = "GM0164", year: int = 2024) -> pd.DataFrame:
    rows = [(region, year, sex, age, False, n, "definitief") for age, n in populations.items()]
    if open_top:
        rows.append((region, year, sex, open_top[0], True, open_top[1], "definitief"))
    return pd.DataFrame(rows, columns=["region_code", "year", "sex", "age", "age_open",
                                       "population", "status"])


def test_population_counts_bands_and_the_open_top_group():
    # Every single year 0..99 holds 1 person, except 17, 18, 35 and 36, plus 5 aged 100+.
    special = {17: 1000, 18: 10, 35: 100, 36: 10000}
    both = by_age("totaal", {a: special.get(a, 1) for a in range(100)}, open_top=(100, 5))
    women = by_age("vrouw", {a: 1 for a in range(100)})
    totals = pd.DataFrame({"region_code": ["GM0164"], "year": [2024],
                           "p_total": [11211.0],  # 96 x 1 + 1000 + 10 + 100 + 10000 + 5
                           "mean_population": [11300.0], "status": ["definitief"],
                           "source": ["03759ned"]})
    counts = population_counts(pd.concat([both, women]), totals, YouthBand(20, 34))
    row = counts.iloc[0]
    assert row["p_total"] == 11211  # the CBS total, not a sum of ages
    assert row["p_18_35"] == 126  # 10 (18) + 16 x 1 (19..34) + 100 (35); not 17, not 36
    assert row["p_15_74"] == 11166  # 56 x 1 + 1000 + 10 + 100 + 10000
    assert row["p_0_19"] == 1028  # 18 x 1 + 1000 + 10
    assert row["p_20_64"] == 10143  # 43 x 1 + 100 + 10000
    assert row["p_65plus"] == 40  # 11211 - (61 x 1 + 11110) = 35 (65..99) + 5 (100+)
    assert row["p_80plus"] == 25  # 11211 - (76 x 1 + 11110) = 20 (80..99) + 5 (100+)
    assert row["women_15_49"] == 35  # 35 x 1
    assert row["p_youth_band"] == 15  # 15 x 1 (20..34)
    assert row["mean_population"] == 11300
    assert (row["status"], row["source"]) == ("definitief", "03759ned")


def test_a_band_with_a_missing_single_year_stays_missing():
    both = by_age("totaal", {a: 1 for a in range(100) if a != 20})
    totals = pd.DataFrame({"region_code": ["GM0164"], "year": [2024], "p_total": [99.0],
                           "mean_population": [99.0], "status": ["definitief"],
                           "source": ["03759ned"]})
    row = population_counts(both, totals, YouthBand(20, 34)).iloc[0]
    for band in ("p_18_35", "p_15_74", "p_20_64", "p_65plus", "p_80plus", "p_youth_band"):
        assert pd.isna(row[band]), band  # each needs age 20
    assert row["p_0_19"] == 20  # ages 0..19 are all there


# --- 37259ned ------------------------------------------------------------------------------

DYNAMICS_TOPICS = ["BevolkingOp1Januari_1", "LevendGeborenKinderen_3",
                   "LevendGeborenKinderenRelatief_4", "Overledenen_5", "Immigratie_10",
                   "UitAndereGemeente_11", "EmigratieInclusiefAdministratieveC_14",
                   "NaarAndereGemeente_16", "VestigingsoverschotInclusiefCorrecties_17",
                   "BevolkingOp31December_20"]


def table_37259(topics=DYNAMICS_TOPICS) -> RawTable:
    values = dict(zip(DYNAMICS_TOPICS, [1000, 12, 11.9, 9, 30, 80, 20, 75, 15, 1018],
                      strict=True))

    def row(sex, region, period, scale=1):
        return {"Geslacht": sex, "RegioS": region, "Perioden": period,
                **{t: values[t] * scale for t in topics if t in values},
                **{t: 1 for t in topics if t not in values}}

    return raw_table(
        "37259ned",
        {"Geslacht": SEXES, "RegioS": [("NL01  ", "Nederland"), ("GM0164", "Hengelo (O.)")],
         "Perioden": [("2022JJ00", "2022", "Nader voorlopig"), ("2022MM01", "2022 januari",
                                                                  "Definitief")]},
        topics,
        [row("T001038", "NL01  ", "2022JJ00", 100), row("T001038", "GM0164", "2022JJ00"),
         row("3000", "GM0164", "2022JJ00", 7), row("T001038", "GM0164", "2022MM01", 3)])


def test_dynamics_counts_renames_topics_strips_regions_and_maps_status():
    frame = dynamics_counts(table_37259())
    assert list(frame.columns) == [
        "region_code", "year", "population_jan1", "population_dec31", "births", "deaths",
        "immigration", "domestic_in", "emigration", "domestic_out", "net_migration",
        "birth_rate_cbs", "status", "source"]
    hengelo = frame.set_index("region_code").loc["GM0164"]
    assert hengelo["year"] == 2022  # the month 2022MM01 and the men's row are ignored
    assert hengelo[["population_jan1", "population_dec31", "births", "deaths", "immigration",
                    "domestic_in", "emigration", "domestic_out", "net_migration",
                    "birth_rate_cbs"]].tolist() == [1000, 1018, 12, 9, 30, 80, 20, 75, 15, 11.9]
    assert hengelo["status"] == "voorlopig"  # "Nader voorlopig" is still provisional
    assert frame["region_code"].tolist() == ["GM0164", "NL01"]  # padding stripped
    assert frame.set_index("region_code").loc["NL01", "births"] == 1200  # 12 x 100


def test_dynamics_with_a_renamed_topic_names_table_and_topic():
    renamed = [t.replace("LevendGeborenKinderen_3", "Levendgeborenen_3")
               for t in DYNAMICS_TOPICS]
    with pytest.raises(MetadataError, match=r"CBS table 37259ned: topic 'LevendGeborenKinderen"):
        dynamics_counts(table_37259(renamed))


# --- 84547NED / 85451NED: the youth band ---------------------------------------------------

FIVE_YEAR = [("10000", "Totaal"), ("70100", "0 tot 15 jaar"), ("70200", "15 tot 20 jaar"),
             ("70300", "20 tot 25 jaar"), ("70400", "25 tot 30 jaar"),
             ("70500", "30 tot 35 jaar"), ("70600", "35 tot 40 jaar"),
             ("70700", "40 jaar of ouder")]
TEN_YEAR = [("10000", "Totaal"), ("80100", "0 tot 15 jaar"), ("80200", "15 tot 25 jaar"),
            ("80300", "25 tot 35 jaar"), ("80400", "35 tot 45 jaar"),
            ("80500", "45 jaar of ouder")]


def table_84547(classes=FIVE_YEAR) -> RawTable:
    rows = []
    for n, (code, _) in enumerate(classes):
        # class n holds 10n settled and n departed people in 2023; months are ignored
        rows.append({"Geslacht": "T001038", "Leeftijd31December": code, "RegioS": "GM0164",
                     "Perioden": "2023JJ00", "GevestigdInDeGemeente_2": 10 * n,
                     "VertrokkenUitDeGemeente_3": n})
        rows.append({"Geslacht": "T001038", "Leeftijd31December": code, "RegioS": "GM0164",
                     "Perioden": "2023MM01", "GevestigdInDeGemeente_2": 1000,
                     "VertrokkenUitDeGemeente_3": 1000})
    return raw_table(
        "84547NED",
        {"Geslacht": SEXES, "Leeftijd31December": classes,
         "RegioS": [("GM0164", "Hengelo (O.)")],
         "Perioden": [("2023JJ00", "2023", "Voorlopig"), ("2023MM01", "2023 januari",
                                                            "Voorlopig")]},
        ["GevestigdInDeGemeente_2", "VertrokkenUitDeGemeente_3"], rows)


def table_85451(classes=TEN_YEAR) -> RawTable:
    rows = [{"Geslacht": "T001038", "Leeftijd": code, "Nationaliteit": nationality,
             "RegioS": "GM0164", "Perioden": "2023JJ00", "Immigratie_1": 100 * n + extra,
             "EmigratieInclusiefAdministratieveC_2": 10 * n + extra}
            for n, (code, _) in enumerate(classes)
            for nationality, extra in (("T001059", 0), ("1", 7))]
    return raw_table(
        "85451NED",
        {"Geslacht": SEXES, "Leeftijd": classes,
         "Nationaliteit": [("T001059", "Totaal"), ("1", "Nederlands")],
         "RegioS": [("GM0164", "Hengelo (O.)")],
         "Perioden": [("2023JJ00", "2023", "Definitief")]},
        ["Immigratie_1", "EmigratieInclusiefAdministratieveC_2",
         "MigratiesaldoInclusiefAdministratie_3"], rows)


def test_youth_band_from_cbs_like_five_year_classes_is_20_to_34():
    band = youth_band(table_84547(FIVE_YEAR), table_85451(FIVE_YEAR))
    # 20-34 misses 18, 19 and 35 (3 ages); 15-34 would add 15-17 and miss 35 (4)
    assert band == YouthBand(20, 34)
    assert band.label == "20 tot en met 34 jaar"
    assert band.label_en == "20 up to and including 34 years"


def test_youth_band_common_to_two_tables_with_different_classes():
    # Alone, the five-year table gives 20-34 and the ten-year one 15-34 (15-25 + 25-35).
    # The ten-year table cannot split at 20, so the closest band both can build is 15-34
    # (it misses 15, 16, 17 and 35: 4 ages).
    assert youth_band(table_84547(FIVE_YEAR)) == YouthBand(20, 34)
    assert youth_band(table_85451(TEN_YEAR)) == YouthBand(15, 34)
    assert youth_band(table_84547(FIVE_YEAR), table_85451(TEN_YEAR)) == YouthBand(15, 34)


def test_youth_counts_sum_the_band_classes_of_each_table():
    band = YouthBand(15, 34)
    moves = domestic_moves_counts(table_84547(FIVE_YEAR), band)
    assert list(moves.columns) == ["region_code", "year", "settled_youth", "departed_youth",
                                   "status", "source"]
    # classes 15-20, 20-25, 25-30, 30-35 are n = 2, 3, 4, 5: settled 10 x 14, departed 14
    assert [tuple(r) for r in moves.itertuples(index=False)] == [
        ("GM0164", 2023, 140.0, 14.0, "voorlopig", "84547NED")]
    migration = international_counts(table_85451(TEN_YEAR), band)
    # classes 15-25 and 25-35 are n = 2, 3 (all nationalities): 100 x 5 in, 10 x 5 out
    assert [tuple(r) for r in migration.itertuples(index=False)] == [
        ("GM0164", 2023, 500.0, 50.0, "definitief", "85451NED")]


def test_a_band_a_table_cannot_build_raises():
    with pytest.raises(MetadataError, match="85451NED.*20 tot en met 34 jaar"):
        international_counts(table_85451(TEN_YEAR), YouthBand(20, 34))


# --- labour --------------------------------------------------------------------------------

def test_labour_counts_hold_other_dimensions_at_their_total():
    rows = [{"Persoonskenmerken": code, "RegioS": "GM0164", "Perioden": "2023JJ00",
             "BeroepsEnNietBeroepsbevolking_1": lab, "WerkzameBeroepsbevolking_4": emp,
             "NettoArbeidsparticipatie_7": pct}
            for code, lab, emp, pct in (("T009002", 65, 42, 64.2), ("53105", 9, 5, 55.0))]
    t = raw_table(
        "86008NED",
        {"Persoonskenmerken": [("T009002", "Totaal personen"), ("53105", "15 tot 25 jaar")],
         "RegioS": [("GM0164", "Hengelo (O.)")],
         "Perioden": [("2023JJ00", "2023", "Voorlopig")]},
        ["BeroepsEnNietBeroepsbevolking_1", "WerkzameBeroepsbevolking_4",
         "NettoArbeidsparticipatie_7"], rows)
    row = labour_counts(t).iloc[0]
    assert row["labour_population"] == 65000  # 65 x 1 000
    assert row["employed"] == 42000
    assert row["participation_cbs"] == 64.2
    assert row["employed_at_cbs_rate"] == pytest.approx(41730)  # 64.2 / 100 x 65 000
    assert (row["status"], row["source"]) == ("voorlopig", "86008NED")


# --- 85173NED -------------------------------------------------------------------------------

INTERVALS = [("MW00000", "Prognose"), ("MBG0067", "Ondergrens 67%-prognose-interval"),
             ("MOG0067", "Bovengrens 67%-prognose-interval")]


def table_85173(intervals=INTERVALS) -> RawTable:
    values = {"MW00000": 82.5, "MBG0067": 80.1, "MOG0067": 85.0}
    rows = [{"RegioIndeling2021": "GM0164", "PrognoseInterval": code, "Leeftijd": age,
             "Perioden": "2030JJ00", "TotaleBevolking_1": value / divisor}
            for code, value in values.items() for age, divisor in (("10000", 1),
                                                                   ("70100", 4))]
    return raw_table(
        "85173NED",
        {"RegioIndeling2021": [("GM0164", "Hengelo (O.)")], "PrognoseInterval": intervals,
         "Leeftijd": [("10000", "Totaal"), ("70100", "0 tot 20 jaar")],
         "Perioden": [("2030JJ00", "2030", "Definitief")]},
        ["TotaleBevolking_1"], rows, geo="RegioIndeling2021")


def test_forecast_counts_with_the_67_percent_interval():
    frame = forecast_counts(table_85173())
    assert [tuple(r) for r in frame.itertuples(index=False)] == [
        # thousands -> persons; all ages (Leeftijd 10000) only
        ("GM0164", 2030, 82500.0, 80100.0, 85000.0, "prognose", "85173NED")]
    assert list(frame.columns) == ["region_code", "year", "forecast", "forecast_lower",
                                   "forecast_upper", "status", "source"]


def test_forecast_interval_codes_are_checked_against_their_titles():
    swapped = [INTERVALS[0], ("MBG0067", INTERVALS[2][1]), ("MOG0067", INTERVALS[1][1])]
    with pytest.raises(MetadataError, match="85173NED.*MBG0067.*ondergrens"):
        forecast_counts(table_85173(swapped))


# --- Gebieden in Nederland -------------------------------------------------------------------

def test_regions_from_gebieden_and_region_titles():
    gebieden = raw_table(
        "85385NED",
        {"RegioS": [("GM0164", "Hengelo (O.)"), ("GM0363", "Amsterdam")],
         "Perioden": [("2024JJ00", "2024", "Definitief")]},
        ["Code_1", "Naam_2", "Code_3", "Naam_4", "Code_5", "Code_7", "Naam_8"],
        [{"RegioS": "GM0164", "Perioden": "2024JJ00", "Code_1": "GM0164",
          "Naam_2": "Hengelo (O.)", "Code_3": "CR12  ", "Naam_4": "Twente", "Code_5": "CR121",
          "Code_7": "PV23  ", "Naam_8": "Overijssel"},
         {"RegioS": "GM0363", "Perioden": "2024JJ00", "Code_1": "GM0363",
          "Naam_2": "Amsterdam", "Code_3": "CR23  ", "Naam_4": "Groot-Amsterdam",
          "Code_5": "CR231", "Code_7": "PV27  ", "Naam_8": "Noord-Holland"}],
        topic_groups={"Gemeenten": ["Code_1", "Naam_2"],
                      "COROP-gebieden": ["Code_3", "Naam_4"],
                      "COROP-subgebieden": ["Code_5"], "Provincies": ["Code_7", "Naam_8"]})
    titles = pd.DataFrame({"Key": ["NL01  ", "LD02  ", "PV23  ", "PV27  ", "CR12  ",
                                   "CR23  ", "GM0164", "GM0363"],
                           "Title": ["Nederland", "Oost-Nederland (LD)", "Overijssel (PV)",
                                     "Noord-Holland (PV)", "Twente (CR)",
                                     "Groot-Amsterdam (CR)", "Hengelo (O.)", "Amsterdam"]})
    frame = regions(gebieden, titles)
    assert list(frame.columns) == ["region_code", "name", "level", "corop_code",
                                   "province_code", "in_twente"]
    got = [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]
    assert got == [
        ("GM0164", "Hengelo (O.)", "gemeente", "CR12", "PV23", True),
        ("GM0363", "Amsterdam", "gemeente", "CR23", "PV27", False),
        ("CR12", "Twente", "corop", None, "PV23", True),
        ("CR23", "Groot-Amsterdam", "corop", None, "PV27", False),
        ("PV23", "Overijssel", "provincie", None, None, False),
        ("PV27", "Noord-Holland", "provincie", None, None, False),
        ("LD02", "Oost-Nederland", "landsdeel", None, None, False),
        ("NL01", "Nederland", "land", None, None, False),
    ]
