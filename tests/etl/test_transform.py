"""Transforms on tiny raw tables built here, with hand-computed expectations.

Every code's meaning comes from its title: the tables below give members and topics CBS-like
titles, and several tests give CBS-like *codes* other meanings (or other codes the usual
meanings) to show that the title decides.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.metadata import MetadataError
from etl.raw import RawTable
from etl.transform import (
    YouthBand,
    domestic_class_counts,
    domestic_moves_counts,
    domestic_totals,
    dynamics_counts,
    forecast_counts,
    international_class_counts,
    international_counts,
    labour_counts,
    municipality_membership,
    population_by_age,
    population_counts,
    population_totals,
    regions,
    youth_band,
)

SEXES = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
# Topic titles as CBS words them (its keys are made from these words).
TITLES = {
    "BevolkingOp1Januari": "Bevolking op 1 januari",
    "GemiddeldeBevolking": "Gemiddelde bevolking",
    "BevolkingOp31December": "Bevolking op 31 december",
    "LevendGeborenKinderen": "Levend geboren kinderen",
    "LevendGeborenKinderenRelatief": "Levend geboren kinderen, relatief",
    "Overledenen": "Overledenen",
    "Immigratie": "Immigratie",
    "UitAndereGemeente": "Uit andere gemeente",
    "EmigratieInclusiefAdministratieveC": "Emigratie inclusief administratieve correcties",
    "NaarAndereGemeente": "Naar andere gemeente",
    "VestigingsoverschotInclusiefCorrecties": "Vestigingsoverschot inclusief correcties",
    "GevestigdInDeGemeente": "Gevestigd in de gemeente",
    "VertrokkenUitDeGemeente": "Vertrokken uit de gemeente",
    "MigratiesaldoInclusiefAdministratie": "Migratiesaldo inclusief administratieve correcties",
    "BeroepsEnNietBeroepsbevolking": "Beroeps- en niet-beroepsbevolking",
    "WerkzameBeroepsbevolking": "Werkzame beroepsbevolking",
    "NettoArbeidsparticipatie": "Netto arbeidsparticipatie",
    "TotaleBevolking": "Totale bevolking",
}
UNITS = {
    "BeroepsEnNietBeroepsbevolking": "x 1 000",
    "WerkzameBeroepsbevolking": "x 1 000",
    "NettoArbeidsparticipatie": "%",
    "TotaleBevolking": "x 1 000",
    "LevendGeborenKinderenRelatief": "per 1 000 inwoners",
}
DIMENSION_TITLES = {
    "Geslacht": "Geslacht",
    "Leeftijd": "Leeftijd",
    "Leeftijd31December": "Leeftijd op 31 december",
    "PrognoseInterval": "Prognose(interval)",
}


def raw_table(
    table_id: str,
    dimensions: dict[str, list[tuple]],
    topics: list,
    rows: list[dict],
    *,
    geo: str = "RegioS",
    time: str = "Perioden",
    topic_groups: dict[str, list[str]] | None = None,
) -> RawTable:
    """A RawTable as load_raw_table returns it. Dimension members are (Key, Title) tuples;
    the time dimension's are (Key, Title, Status). A topic is a key (its title and unit from
    TITLES and UNITS by key prefix) or a (key, title) or (key, title, unit) tuple.
    ``topic_groups`` puts topics under a TopicGroup with that title."""
    properties: list[dict] = []
    frames: dict[str, pd.DataFrame] = {}
    for key, members in dimensions.items():
        kind = "GeoDimension" if key == geo else "TimeDimension" if key == time else "Dimension"
        properties.append(
            {
                "ID": len(properties),
                "Type": kind,
                "Key": key,
                "Title": DIMENSION_TITLES.get(key, key),
                "ParentID": None,
            }
        )
        columns = ["Key", "Title", "Status"] if key == time else ["Key", "Title"]
        frames[key] = pd.DataFrame([m[: len(columns)] for m in members], columns=columns)
        frames[key]["Key"] = frames[key]["Key"].str.strip()
    grouped = {t: title for title, ts in (topic_groups or {}).items() for t in ts}
    group_ids: dict[str, int] = {}
    for title in topic_groups or {}:
        group_ids[title] = len(properties)
        properties.append(
            {
                "ID": len(properties),
                "Type": "TopicGroup",
                "Key": "",
                "Title": title,
                "ParentID": None,
            }
        )
    for topic in topics:
        key, *rest = (topic,) if isinstance(topic, str) else topic
        prefix = key.rsplit("_", 1)[0]
        title = rest[0] if rest else TITLES.get(prefix, key)
        unit = rest[1] if len(rest) > 1 else UNITS.get(prefix, "aantal")
        properties.append(
            {
                "ID": len(properties),
                "Type": "Topic",
                "Key": key,
                "Title": title,
                "Unit": unit,
                "ParentID": group_ids.get(grouped.get(key, "")),
            }
        )
    data = pd.DataFrame(rows)
    for key in dimensions:
        data[key] = data[key].astype("category")
    return RawTable(table_id, Path("."), {"Identifier": table_id}, properties, frames, data)


# --- 03759ned ------------------------------------------------------------------------------

AGES_03759 = [
    ("10000", "Totaal"),
    ("10010", "0 jaar"),
    ("10100", "1 jaar"),
    ("10200", "2 jaar"),
    ("22000", "3 jaar of ouder"),
    ("22100", "2 jaar of ouder"),  # an overlapping open group: must be ignored
    ("70100", "0 tot 5 jaar"),
]  # a five-year class: ignored


def table_03759(
    ages=AGES_03759,
    population_topic="BevolkingOp1Januari_1",
    sexes=SEXES,
    population_title="Bevolking op 1 januari",
) -> RawTable:
    """Rows are written by title; a title the ``ages`` lack leaves its row out."""
    codes = {title: code for code, title in ages}
    sex = {title: code for code, title in sexes}

    def row(sex_title, age_title, marital, period, value):
        return {
            "Geslacht": sex[sex_title],
            "Leeftijd": codes.get(age_title),
            "BurgerlijkeStaat": marital,
            "RegioS": "GM0164",
            "Perioden": period,
            population_topic: value,
            "GemiddeldeBevolking_2": value + 0.5 if age_title == "Totaal" else None,
        }

    both, women = sexes[0][1], "Vrouwen"
    rows = [
        # 2024, both sexes: ages 0, 1, 2, 3+ = 10, 20, 30, 4; the total 64 = 10+20+30+4
        row(both, "0 jaar", "T001019", "2024JJ00", 10),
        row(both, "1 jaar", "T001019", "2024JJ00", 20),
        row(both, "2 jaar", "T001019", "2024JJ00", 30),
        row(both, "3 jaar of ouder", "T001019", "2024JJ00", 4),
        row(both, "2 jaar of ouder", "T001019", "2024JJ00", 34),
        row(both, "0 tot 5 jaar", "T001019", "2024JJ00", 64),
        row(both, "Totaal", "T001019", "2024JJ00", 64),
        row(women, "1 jaar", "T001019", "2024JJ00", 11),
        row(both, "1 jaar", "1010", "2024JJ00", 19),  # unmarried only: ignored
        row(both, "1 jaar", "T001019", "2023JJ00", 18),
        row(both, "Totaal", "T001019", "2023JJ00", 60),
        row(both, "2 jaar", "T001019", "2023JJ00", None),  # not published: dropped
    ]
    rows = [r for r in rows if r["Leeftijd"] is not None]
    return raw_table(
        "03759ned",
        {
            "Geslacht": sexes,
            "Leeftijd": ages,
            "BurgerlijkeStaat": [("T001019", "Totaal burgerlijke staat"), ("1010", "Ongehuwd")],
            "RegioS": [("GM0164", "Hengelo (O.)")],
            "Perioden": [("2023JJ00", "2023", "Definitief"), ("2024JJ00", "2024", "Voorlopig")],
        },
        [(population_topic, population_title), "GemiddeldeBevolking_2"],
        rows,
    )


EXPECTED_BY_AGE = [
    ("GM0164", 2023, "totaal", 1, False, 18, "definitief"),
    ("GM0164", 2024, "totaal", 0, False, 10, "voorlopig"),
    ("GM0164", 2024, "totaal", 1, False, 20, "voorlopig"),
    ("GM0164", 2024, "totaal", 2, False, 30, "voorlopig"),
    ("GM0164", 2024, "totaal", 3, True, 4, "voorlopig"),  # '3 jaar of ouder'
    ("GM0164", 2024, "vrouw", 1, False, 11, "voorlopig"),
]


def test_trf001_population_by_age_single_years_and_the_open_top_group():
    frame = population_by_age(table_03759())
    assert list(frame.columns) == [
        "region_code",
        "year",
        "sex",
        "age",
        "age_open",
        "population",
        "status",
    ]
    assert [tuple(r) for r in frame.itertuples(index=False)] == EXPECTED_BY_AGE
    assert str(frame["population"].dtype) == "int64"


def test_trf002_ages_come_from_titles_whatever_their_codes():
    # Other codes for the same titles (and 10200 now meaning age 0): the same frame.
    recoded = [
        ("T1", "Totaal"),
        ("10200", "0 jaar"),
        ("A1", "1 jaar"),
        ("A2", "2 jaar"),
        ("B3", "3 jaar of ouder"),
        ("B2", "2 jaar of ouder"),
        ("K0", "0 tot 5 jaar"),
    ]
    frame = population_by_age(table_03759(recoded))
    assert [tuple(r) for r in frame.itertuples(index=False)] == EXPECTED_BY_AGE


def test_trf003_two_members_with_one_age_title_stop_the_table():
    ages = [*AGES_03759[:3], ("10200", "1 jaar"), *AGES_03759[4:]]
    with pytest.raises(MetadataError, match=r"03759ned.*two members '1 jaar'"):
        population_by_age(table_03759(ages))


def test_trf004_a_gap_in_the_single_years_stops_the_table():
    ages = [a for a in AGES_03759 if a[1] != "1 jaar"]
    with pytest.raises(MetadataError, match=r"03759ned.*unbroken run of single years"):
        population_by_age(table_03759(ages))


def test_trf005_population_totals_take_the_cbs_total_not_a_sum():
    frame = population_totals(table_03759())
    got = frame[["region_code", "year", "p_total", "mean_population", "status", "source"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("GM0164", 2023, 60.0, 60.5, "definitief", "03759ned"),
        ("GM0164", 2024, 64.0, 64.5, "voorlopig", "03759ned"),
    ]


def test_trf006_sexes_found_by_title_and_other_codes_warn():
    # Another table codes both sexes 1100: the title decides, the expected code warns.
    sexes = [("1100", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
    table = table_03759(sexes=sexes)
    frame = population_by_age(table)
    assert [tuple(r) for r in frame.itertuples(index=False)] == EXPECTED_BY_AGE
    assert any("1100" in w and "T001038" in w and "the title wins" in w for w in table.warnings), (
        table.warnings
    )


def test_trf007_a_retitled_topic_names_table_topic_title_and_what_it_has_now():
    with pytest.raises(MetadataError) as error:
        population_totals(table_03759(population_title="Bevolking op 1 juli"))
    message = str(error.value)
    assert error.value.table_id == "03759ned"
    assert "BevolkingOp1Januari" in message and "'Bevolking op 1 januari'" in message
    assert "Bevolking op 1 juli" in message  # what the table has now


def test_trf008_a_renamed_key_with_the_same_title_is_found_with_a_warning():
    table = table_03759(population_topic="Bevolking1Januari_1")
    frame = population_totals(table)
    assert frame["p_total"].tolist() == [60.0, 64.0]
    assert any("Bevolking1Januari_1" in w for w in table.warnings), table.warnings


def by_age(
    sex: str,
    populations: dict[int, int],
    open_top: tuple[int, int] | None = None,
    region: str = "GM0164",
    year: int = 2024,
) -> pd.DataFrame:
    rows = [(region, year, sex, age, False, n, "definitief") for age, n in populations.items()]
    if open_top:
        rows.append((region, year, sex, open_top[0], True, open_top[1], "definitief"))
    return pd.DataFrame(
        rows, columns=["region_code", "year", "sex", "age", "age_open", "population", "status"]
    )


def test_trf010_population_counts_bands_and_the_open_top_group():
    # Every single year 0..99 holds 1 person, except 17, 18, 35 and 36, plus 5 aged 100+.
    special = {17: 1000, 18: 10, 35: 100, 36: 10000}
    both = by_age("totaal", {a: special.get(a, 1) for a in range(100)}, open_top=(100, 5))
    women = by_age("vrouw", {a: 1 for a in range(100)})
    totals = pd.DataFrame(
        {
            "region_code": ["GM0164"],
            "year": [2024],
            "p_total": [11211.0],  # 96 x 1 + 1000 + 10 + 100 + 10000 + 5
            "mean_population": [11300.0],
            "status": ["definitief"],
            "source": ["03759ned"],
        }
    )
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


def test_trf011_a_band_with_a_missing_single_year_stays_missing():
    both = by_age("totaal", {a: 1 for a in range(100) if a != 20})
    totals = pd.DataFrame(
        {
            "region_code": ["GM0164"],
            "year": [2024],
            "p_total": [99.0],
            "mean_population": [99.0],
            "status": ["definitief"],
            "source": ["03759ned"],
        }
    )
    row = population_counts(both, totals, YouthBand(20, 34)).iloc[0]
    for band in ("p_18_35", "p_15_74", "p_20_64", "p_65plus", "p_80plus", "p_youth_band"):
        assert pd.isna(row[band]), band  # each needs age 20
    assert row["p_0_19"] == 20  # ages 0..19 are all there


# --- 37259ned ------------------------------------------------------------------------------

DYNAMICS_TOPICS = [
    "BevolkingOp1Januari_1",
    "LevendGeborenKinderen_3",
    "LevendGeborenKinderenRelatief_4",
    "Overledenen_5",
    "Immigratie_10",
    "UitAndereGemeente_11",
    "EmigratieInclusiefAdministratieveC_14",
    "NaarAndereGemeente_16",
    "VestigingsoverschotInclusiefCorrecties_17",
    "BevolkingOp31December_20",
]


def table_37259(topics=DYNAMICS_TOPICS) -> RawTable:
    keys = [t if isinstance(t, str) else t[0] for t in topics]
    values = dict(zip(DYNAMICS_TOPICS, [1000, 12, 11.9, 9, 30, 80, 20, 75, 15, 1018], strict=True))

    def row(sex, region, period, scale=1):
        return {
            "Geslacht": sex,
            "RegioS": region,
            "Perioden": period,
            **{k: values[k] * scale for k in keys if k in values},
            **{k: 1 for k in keys if k not in values},
        }

    return raw_table(
        "37259ned",
        {
            "Geslacht": SEXES,
            "RegioS": [("NL01  ", "Nederland"), ("GM0164", "Hengelo (O.)")],
            "Perioden": [
                ("2022JJ00", "2022", "Nader voorlopig"),
                ("2022MM01", "2022 januari", "Definitief"),
            ],
        },
        topics,
        [
            row("T001038", "NL01  ", "2022JJ00", 100),
            row("T001038", "GM0164", "2022JJ00"),
            row("3000", "GM0164", "2022JJ00", 7),
            row("T001038", "GM0164", "2022MM01", 3),
        ],
    )


def test_trf020_dynamics_counts_renames_topics_strips_regions_and_maps_status():
    frame = dynamics_counts(table_37259())
    assert list(frame.columns) == [
        "region_code",
        "year",
        "population_jan1",
        "population_dec31",
        "births",
        "deaths",
        "immigration",
        "domestic_in",
        "emigration",
        "domestic_out",
        "net_migration",
        "birth_rate_cbs",
        "status",
        "source",
    ]
    hengelo = frame.set_index("region_code").loc["GM0164"]
    assert hengelo["year"] == 2022  # the month 2022MM01 and the men's row are ignored
    assert hengelo[
        [
            "population_jan1",
            "population_dec31",
            "births",
            "deaths",
            "immigration",
            "domestic_in",
            "emigration",
            "domestic_out",
            "net_migration",
            "birth_rate_cbs",
        ]
    ].tolist() == [1000, 1018, 12, 9, 30, 80, 20, 75, 15, 11.9]
    assert hengelo["status"] == "voorlopig"  # "Nader voorlopig" is still provisional
    assert frame["region_code"].tolist() == ["GM0164", "NL01"]  # padding stripped
    assert frame.set_index("region_code").loc["NL01", "births"] == 1200  # 12 x 100


def test_trf021_a_topic_retitled_by_cbs_stops_the_table_naming_it():
    retitled = [
        ("LevendGeborenKinderen_3", "Levendgeborenen, totaal")
        if t.startswith("LevendGeborenKinderen_")
        else t
        for t in DYNAMICS_TOPICS
    ]
    with pytest.raises(
        MetadataError,
        match=r"CBS table 37259ned: no topic LevendGeborenKinderen… titled like "
        r"'Levend geboren kinderen'.*Levendgeborenen, totaal",
    ):
        dynamics_counts(table_37259(retitled))


def test_trf022_a_renumbered_topic_is_simply_found():
    renumbered = [t.replace("Overledenen_5", "Overledenen_6") for t in DYNAMICS_TOPICS]
    table = table_37259(renumbered)
    frame = dynamics_counts(table)
    assert frame.set_index("region_code").loc["GM0164", "deaths"] == 1  # filler value
    assert table.warnings == []


# --- 84547NED / 85451NED: the youth band ---------------------------------------------------

FIVE_YEAR = [
    ("10000", "Totaal"),
    ("70100", "0 tot 15 jaar"),
    ("70200", "15 tot 20 jaar"),
    ("70300", "20 tot 25 jaar"),
    ("70400", "25 tot 30 jaar"),
    ("70500", "30 tot 35 jaar"),
    ("70600", "35 tot 40 jaar"),
    ("70700", "40 jaar of ouder"),
]
TEN_YEAR = [
    ("10000", "Totaal"),
    ("80100", "0 tot 15 jaar"),
    ("80200", "15 tot 25 jaar"),
    ("80300", "25 tot 35 jaar"),
    ("80400", "35 tot 45 jaar"),
    ("80500", "45 jaar of ouder"),
]


def table_84547(classes=FIVE_YEAR) -> RawTable:
    rows = []
    for n, (code, _) in enumerate(classes):
        # class n holds 10n settled and n departed people in 2023; months are ignored
        rows.append(
            {
                "Geslacht": "T001038",
                "Leeftijd31December": code,
                "RegioS": "GM0164",
                "Perioden": "2023JJ00",
                "GevestigdInDeGemeente_2": 10 * n,
                "VertrokkenUitDeGemeente_3": n,
            }
        )
        rows.append(
            {
                "Geslacht": "T001038",
                "Leeftijd31December": code,
                "RegioS": "GM0164",
                "Perioden": "2023MM01",
                "GevestigdInDeGemeente_2": 1000,
                "VertrokkenUitDeGemeente_3": 1000,
            }
        )
    return raw_table(
        "84547NED",
        {
            "Geslacht": SEXES,
            "Leeftijd31December": classes,
            "RegioS": [("GM0164", "Hengelo (O.)")],
            "Perioden": [
                ("2023JJ00", "2023", "Voorlopig"),
                ("2023MM01", "2023 januari", "Voorlopig"),
            ],
        },
        ["GevestigdInDeGemeente_2", "VertrokkenUitDeGemeente_3"],
        rows,
    )


def table_85451(classes=TEN_YEAR) -> RawTable:
    rows = [
        {
            "Geslacht": "T001038",
            "Leeftijd": code,
            "Nationaliteit": nationality,
            "RegioS": "GM0164",
            "Perioden": "2023JJ00",
            "Immigratie_1": 100 * n + extra,
            "EmigratieInclusiefAdministratieveC_2": 10 * n + extra,
        }
        for n, (code, _) in enumerate(classes)
        for nationality, extra in (("T001059", 0), ("1", 7))
    ]
    return raw_table(
        "85451NED",
        {
            "Geslacht": SEXES,
            "Leeftijd": classes,
            "Nationaliteit": [("T001059", "Totaal"), ("1", "Nederlands")],
            "RegioS": [("GM0164", "Hengelo (O.)")],
            "Perioden": [("2023JJ00", "2023", "Definitief")],
        },
        [
            "Immigratie_1",
            "EmigratieInclusiefAdministratieveC_2",
            "MigratiesaldoInclusiefAdministratie_3",
        ],
        rows,
    )


def test_trf030_youth_band_from_cbs_like_five_year_classes_is_20_to_34():
    band = youth_band(
        domestic_class_counts(table_84547(FIVE_YEAR)),
        international_class_counts(table_85451(FIVE_YEAR)),
    )
    # 20-34 misses 18, 19 and 35 (3 ages); 15-34 would add 15-17 and miss 35 (4)
    assert band == YouthBand(20, 34)
    assert band.label == "20 tot en met 34 jaar"
    assert band.label_en == "20 up to and including 34 years"


def test_trf031_youth_band_common_to_two_tables_with_different_classes():
    # Alone, the five-year table gives 20-34 and the ten-year one 15-34 (15-25 + 25-35).
    # The ten-year table cannot split at 20, so the closest band both can build is 15-34
    # (it misses 15, 16, 17 and 35: 4 ages).
    five = domestic_class_counts(table_84547(FIVE_YEAR))
    ten = international_class_counts(table_85451(TEN_YEAR))
    assert youth_band(five) == YouthBand(20, 34)
    assert youth_band(ten) == YouthBand(15, 34)
    assert youth_band(five, ten) == YouthBand(15, 34)
    assert youth_band() == YouthBand(18, 35)  # neither table at hand: the programme's band


def test_trf032_class_counts_read_the_classes_from_their_titles():
    classes = domestic_class_counts(table_84547(FIVE_YEAR))
    assert list(classes.columns) == [
        "region_code",
        "year",
        "age_lower",
        "age_upper",
        "settled",
        "departed",
        "status",
        "source",
    ]
    # the total (n = 0) is no class; 40+ is open (age_upper -1); months are left out
    assert [
        tuple(r) for r in classes[["age_lower", "age_upper", "settled"]].itertuples(index=False)
    ] == [
        (0, 15, 10.0),
        (15, 20, 20.0),
        (20, 25, 30.0),
        (25, 30, 40.0),
        (30, 35, 50.0),
        (35, 40, 60.0),
        (40, -1, 70.0),
    ]


def test_trf033_youth_counts_sum_the_band_classes_of_each_table():
    band = YouthBand(15, 34)
    moves = domestic_moves_counts(domestic_class_counts(table_84547(FIVE_YEAR)), band)
    assert list(moves.columns) == [
        "region_code",
        "year",
        "settled_youth",
        "departed_youth",
        "status",
        "source",
    ]
    # classes 15-20, 20-25, 25-30, 30-35 are n = 2, 3, 4, 5: settled 10 x 14, departed 14
    assert [tuple(r) for r in moves.itertuples(index=False)] == [
        ("GM0164", 2023, 140.0, 14.0, "voorlopig", "84547NED")
    ]
    migration = international_counts(international_class_counts(table_85451(TEN_YEAR)), band)
    # classes 15-25 and 25-35 are n = 2, 3 (all nationalities): 100 x 5 in, 10 x 5 out
    assert [tuple(r) for r in migration.itertuples(index=False)] == [
        ("GM0164", 2023, 500.0, 50.0, "definitief", "85451NED")
    ]


def test_trf036_mover_totals_are_the_age_total_member_and_sit_beside_the_band():
    table = table_84547(FIVE_YEAR)
    # CBS's all-ages row (code 10000 'Totaal'): 300 settled, 40 departed in 2023 (the
    # fixture's classes hold 10n / n for n = 1..7, i.e. 280 / 28: the total is taken as
    # CBS gives it, never re-added from the classes)
    total = (table.data["Leeftijd31December"] == "10000") & (table.data["Perioden"] == "2023JJ00")
    table.data.loc[total, ["GevestigdInDeGemeente_2", "VertrokkenUitDeGemeente_3"]] = [300, 40]
    totals = domestic_totals(table)
    assert [tuple(r) for r in totals.itertuples(index=False)] == [
        ("GM0164", 2023, 300.0, 40.0, "voorlopig", "84547NED")
    ]
    moves = domestic_moves_counts(domestic_class_counts(table), YouthBand(20, 34), totals)
    # band 20-35 = classes n = 3, 4, 5: settled 120 of 300 (40 %), departed 12 of 40 (30 %)
    row = moves.iloc[0]
    assert (row["settled_youth"], row["settled_all"]) == (120.0, 300.0)
    assert (row["departed_youth"], row["departed_all"]) == (12.0, 40.0)


def test_trf034_a_band_a_table_cannot_build_raises():
    with pytest.raises(MetadataError, match="85451NED.*20 tot en met 34 jaar"):
        international_counts(international_class_counts(table_85451(TEN_YEAR)), YouthBand(20, 34))


def test_trf035_a_class_cbs_left_empty_leaves_the_band_missing():
    table = table_84547(FIVE_YEAR)
    table.data.loc[
        (table.data["Leeftijd31December"] == "70400") & (table.data["Perioden"] == "2023JJ00"),
        "GevestigdInDeGemeente_2",
    ] = None
    moves = domestic_moves_counts(domestic_class_counts(table), YouthBand(20, 34))
    assert pd.isna(moves.loc[0, "settled_youth"])  # 25-30 is missing: no undercount
    assert moves.loc[0, "departed_youth"] == 12.0  # 3 + 4 + 5


# --- labour --------------------------------------------------------------------------------


def labour_table(unit: str = "x 1 000") -> RawTable:
    rows = [
        {
            "Persoonskenmerken": code,
            "RegioS": "GM0164",
            "Perioden": "2023JJ00",
            "BeroepsEnNietBeroepsbevolking_1": lab,
            "WerkzameBeroepsbevolking_4": emp,
            "NettoArbeidsparticipatie_7": pct,
        }
        for code, lab, emp, pct in (("T009002", 65, 42, 64.2), ("53105", 9, 5, 55.0))
    ]
    return raw_table(
        "86008NED",
        {
            "Persoonskenmerken": [("T009002", "Totaal personen"), ("53105", "15 tot 25 jaar")],
            "RegioS": [("GM0164", "Hengelo (O.)")],
            "Perioden": [("2023JJ00", "2023", "Voorlopig")],
        },
        [
            ("BeroepsEnNietBeroepsbevolking_1", "Beroeps- en niet-beroepsbevolking", unit),
            ("WerkzameBeroepsbevolking_4", "Werkzame beroepsbevolking", unit),
            "NettoArbeidsparticipatie_7",
        ],
        rows,
    )


def test_trf040_labour_counts_hold_other_dimensions_at_their_total():
    row = labour_counts(labour_table()).iloc[0]
    assert row["labour_population"] == 65000  # 65 x 1 000 (the topic's unit)
    assert row["employed"] == 42000
    assert row["participation_cbs"] == 64.2
    assert row["employed_at_cbs_rate"] == pytest.approx(41730)  # 64.2 / 100 x 65 000
    assert (row["status"], row["source"]) == ("voorlopig", "86008NED")


def test_trf041_the_unit_decides_the_scale():
    row = labour_counts(labour_table(unit="aantal")).iloc[0]
    assert row["labour_population"] == 65  # counted in persons: not scaled
    with pytest.raises(MetadataError, match="86008NED.*unit 'x 1 miljard'"):
        labour_counts(labour_table(unit="x 1 miljard"))


# --- 85173NED -------------------------------------------------------------------------------

# CBS's codes (etl/sources.py INTERVALS names the source): MOG0067 is the lower bound.
INTERVALS = [
    ("MW00000", "Prognose"),
    ("MOG0067", "Ondergrens 67%-prognose-interval"),
    ("MBG0067", "Bovengrens 67%-prognose-interval"),
]
VALUES_85173 = {"MW00000": 82.5, "MOG0067": 80.1, "MBG0067": 85.0}


def table_85173(intervals=INTERVALS) -> RawTable:
    rows = [
        {
            "RegioIndeling2021": "GM0164",
            "PrognoseInterval": code,
            "Leeftijd": age,
            "Perioden": "2030JJ00",
            "TotaleBevolking_1": value / divisor,
        }
        for code, value in VALUES_85173.items()
        for age, divisor in (("10000", 1), ("70100", 4))
    ]
    return raw_table(
        "85173NED",
        {
            "RegioIndeling2021": [("GM0164", "Hengelo (O.)")],
            "PrognoseInterval": intervals,
            "Leeftijd": [("10000", "Totaal"), ("70100", "0 tot 20 jaar")],
            "Perioden": [("2030JJ00", "2030", "Definitief")],
        },
        ["TotaleBevolking_1"],
        rows,
        geo="RegioIndeling2021",
    )


def test_trf050_forecast_counts_with_the_67_percent_interval():
    table = table_85173()
    frame = forecast_counts(table)
    assert [tuple(r) for r in frame.itertuples(index=False)] == [
        # thousands -> persons; all ages (Leeftijd 10000) only; MOG0067 is the lower bound
        ("GM0164", 2030, 82500.0, 80100.0, 85000.0, "prognose", "85173NED")
    ]
    assert list(frame.columns) == [
        "region_code",
        "year",
        "forecast",
        "forecast_lower",
        "forecast_upper",
        "status",
        "source",
    ]
    assert table.warnings == []


def test_trf051_interval_codes_mean_what_their_titles_say():
    # The codes with each other's titles (as the project once guessed them): the title
    # wins, so the lower bound is the figure of the code titled 'Ondergrens', with a warning.
    swapped = [INTERVALS[0], ("MOG0067", INTERVALS[2][1]), ("MBG0067", INTERVALS[1][1])]
    table = table_85173(swapped)
    row = forecast_counts(table).iloc[0]
    assert (row["forecast_lower"], row["forecast_upper"]) == (85000.0, 80100.0)
    assert any(
        "MBG0067" in w and "MOG0067" in w and "the title wins" in w for w in table.warnings
    ), table.warnings


def test_trf052_a_missing_interval_names_what_was_searched_and_what_cbs_has():
    renamed = [INTERVALS[0], ("MOG0067", "Onder 67%"), INTERVALS[2]]
    with pytest.raises(MetadataError) as error:
        forecast_counts(table_85173(renamed))
    message = str(error.value)
    for part in ("85173NED", "PrognoseInterval", "'Ondergrens'", "lower bound", "'Onder 67%'"):
        assert part in message, (part, message)


# --- Gebieden in Nederland -------------------------------------------------------------------


def gebieden_table() -> RawTable:
    return raw_table(
        "85385NED",
        {
            "RegioS": [("GM0164", "Hengelo (O.)"), ("GM0363", "Amsterdam")],
            "Perioden": [("2024JJ00", "2024", "Definitief")],
        },
        ["Code_1", "Naam_2", "Code_3", "Naam_4", "Code_5", "Code_7", "Naam_8"],
        [
            {
                "RegioS": "GM0164",
                "Perioden": "2024JJ00",
                "Code_1": "GM0164",
                "Naam_2": "Hengelo (O.)",
                "Code_3": "CR12  ",
                "Naam_4": "Twente",
                "Code_5": "CR121",
                "Code_7": "PV23  ",
                "Naam_8": "Overijssel",
            },
            {
                "RegioS": "GM0363",
                "Perioden": "2024JJ00",
                "Code_1": "GM0363",
                "Naam_2": "Amsterdam",
                "Code_3": "CR23  ",
                "Naam_4": "Groot-Amsterdam",
                "Code_5": "CR231",
                "Code_7": "PV27  ",
                "Naam_8": "Noord-Holland",
            },
        ],
        topic_groups={
            "Gemeenten": ["Code_1", "Naam_2"],
            "COROP-gebieden": ["Code_3", "Naam_4"],
            "COROP-subgebieden": ["Code_5"],
            "Provincies": ["Code_7", "Naam_8"],
        },
    )


REGION_TITLES = pd.DataFrame(
    {
        "Key": ["NL01", "LD02", "PV23", "PV27", "CR12", "CR23", "GM0164", "GM0363", "GM0457"],
        "Title": [
            "Nederland",
            "Oost-Nederland (LD)",
            "Overijssel (PV)",
            "Noord-Holland (PV)",
            "Twente (CR)",
            "Groot-Amsterdam (CR)",
            "Hengelo (O.)",
            "Amsterdam",
            "Weesp",
        ],
    }
)


def rows_of(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]


def test_trf060_regions_from_gebieden_and_region_titles():
    frame = regions(municipality_membership(gebieden_table()), REGION_TITLES)
    assert list(frame.columns) == [
        "region_code",
        "name",
        "level",
        "corop_code",
        "province_code",
        "in_twente",
    ]
    assert rows_of(frame) == [
        ("GM0164", "Hengelo (O.)", "gemeente", "CR12", "PV23", True),
        ("GM0363", "Amsterdam", "gemeente", "CR23", "PV27", False),
        # Weesp merged into Amsterdam in 2022: not in today's Gebieden, kept on its own
        ("GM0457", "Weesp", "gemeente", None, None, False),
        ("CR12", "Twente", "corop", None, "PV23", True),
        ("CR23", "Groot-Amsterdam", "corop", None, "PV27", False),
        ("PV23", "Overijssel", "provincie", None, None, False),
        ("PV27", "Noord-Holland", "provincie", None, None, False),
        ("LD02", "Oost-Nederland", "landsdeel", None, None, False),
        ("NL01", "Nederland", "land", None, None, False),
    ]


def test_trf061_without_gebieden_twente_membership_is_still_known():
    frame = regions(None, REGION_TITLES.iloc[:7])
    assert frame.set_index("region_code").loc["GM0164", "corop_code"] == "CR12"
    assert frame.set_index("region_code").loc["GM0164", "in_twente"]


def test_trf062_a_region_whose_title_names_another_kind_follows_the_title():
    titles = pd.DataFrame({"Key": ["CR12", "PV23"], "Title": ["Twente (PV)", "Overijssel (PV)"]})
    warnings: list[str] = []
    frame = regions(municipality_membership(gebieden_table()), titles, "37259ned", warnings)
    assert frame.set_index("region_code").loc["CR12", "level"] == "provincie"
    assert warnings == [
        "37259ned: region CR12 is titled 'Twente (PV)', a provincie; the title wins"
    ]
