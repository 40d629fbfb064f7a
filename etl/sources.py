"""What the ETL takes from CBS: one entry per source role, every item it needs, the regions.

Items are declared by what their *title* says (see :mod:`etl.metadata`): a topic by its key
prefix (stable across editions) and title, a dimension member by its title, and where a
public source gives a member's code, that code as ``expected`` — only to warn when CBS's
metadata says otherwise. docs/cbs-tables.md lists every item with its rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.metadata import Title, containing, exactly, starts_with

# The 14 Twente municipalities, COROP area Twente, Overijssel and the Netherlands
# (DESIGN.md; codes as in ../shared/cbs-snapshot/37259ned/RegioS.json).
TWENTE_MUNICIPALITIES: dict[str, str] = {
    "GM0141": "Almelo",
    "GM0147": "Borne",
    "GM1774": "Dinkelland",
    "GM0153": "Enschede",
    "GM0158": "Haaksbergen",
    "GM0163": "Hellendoorn",
    "GM0164": "Hengelo",
    "GM1735": "Hof van Twente",
    "GM0168": "Losser",
    "GM0173": "Oldenzaal",
    "GM1742": "Rijssen-Holten",
    "GM0183": "Tubbergen",
    "GM1700": "Twenterand",
    "GM0189": "Wierden",
}
TWENTE = "CR12"
OVERIJSSEL = "PV23"
NETHERLANDS = "NL01"
TWENTE_SCOPE_AGGREGATES = (TWENTE, OVERIJSSEL, NETHERLANDS)


@dataclass(frozen=True)
class TopicItem:
    """A topic: its key prefix (``Immigratie`` for ``Immigratie_10``), what its title says,
    and the count column it becomes."""

    key_prefix: str
    title: Title
    column: str


@dataclass(frozen=True)
class MemberItem:
    """A dimension member found by its title; ``expected``: the code public sources give."""

    name: str
    title: Title
    what: str
    expected: str | None = None


@dataclass(frozen=True)
class DimensionItem:
    """A dimension found by its key prefix, its title confirming what it holds."""

    key_prefix: str
    title: Title


@dataclass(frozen=True)
class Source:
    role: str
    default_table: str
    topics: tuple[TopicItem, ...]
    # Dimensions (other than region and period) whose every member is kept; all others are
    # filtered to their total member (titled 'Totaal…') server-side.
    keep_all: frozenset[str] = field(default_factory=frozenset)
    catalogue_title: str | None = None  # the newest edition whose title starts with this
    annual_only: bool = False  # table also has months: filter to "JJ" periods
    core: bool = False  # without it nothing can be published (the population tables)
    # A table of pairs (origin, destination): the two region dimensions by key prefix and
    # title; rows with a scope municipality on *either* side are asked for (81734NED).
    pairs: tuple[DimensionItem, DimensionItem] | None = None

    @property
    def topic_prefixes(self) -> tuple[str, ...]:
        return tuple(t.key_prefix for t in self.topics)


# --- the items of each table ---------------------------------------------------------------
# Topic key prefixes: 37259ned's are in ../shared/cbs-snapshot/37259ned/DataProperties.json;
# the others are DESIGN.md's and ../shared/CBS-API.md's. CBS forms a key from the words of
# the Dutch title (``EmigratieInclusiefAdministratieveC`` from "Emigratie inclusief
# administratieve correcties"), so each title rule is the words its key was made from.

SEX = "Geslacht"
SEX_TOTAL = MemberItem("totaal", starts_with("Totaal"), "both sexes", expected="T001038")
# T001038 / 3000 / 4000: CBS's own codes in ../shared/cbs-snapshot/37259ned/Geslacht.json.
SEXES = (
    SEX_TOTAL,
    MemberItem("man", exactly("Mannen"), "men", expected="3000"),
    MemberItem("vrouw", exactly("Vrouwen"), "women", expected="4000"),
)
AGE = "Leeftijd"  # 'Leeftijd' in 03759ned and 85451NED, 'Leeftijd31December' in 84547NED
AGE_TITLE = Title(r"^leeftijd", "Leeftijd…")  # 'Leeftijd', 'Leeftijd op 31 december'
SEX_TITLE = starts_with("Geslacht")

POPULATION_TOPICS = (
    TopicItem("BevolkingOp1Januari", starts_with("Bevolking op 1 januari"), "p_total"),
    TopicItem("GemiddeldeBevolking", starts_with("Gemiddelde bevolking"), "mean_population"),
)
DYNAMICS_TOPICS = (
    TopicItem("BevolkingOp1Januari", starts_with("Bevolking op 1 januari"), "population_jan1"),
    TopicItem("BevolkingOp31December", starts_with("Bevolking op 31 december"), "population_dec31"),
    TopicItem("LevendGeborenKinderen", exactly("Levend geboren kinderen"), "births"),
    TopicItem("Overledenen", exactly("Overledenen"), "deaths"),
    TopicItem("Immigratie", exactly("Immigratie"), "immigration"),
    TopicItem("UitAndereGemeente", containing("Uit andere gemeente"), "domestic_in"),
    TopicItem(
        "EmigratieInclusiefAdministratieveC",
        starts_with("Emigratie inclusief administratieve"),
        "emigration",
    ),
    TopicItem("NaarAndereGemeente", containing("Naar andere gemeente"), "domestic_out"),
    TopicItem(
        "VestigingsoverschotInclusiefCorrecties",
        starts_with("Vestigingsoverschot"),
        "net_migration",
    ),
    # CBS's own birth rate: not summable, kept to check ours against.
    TopicItem(
        "LevendGeborenKinderenRelatief",
        Title(r"^levend geboren kinderen relatief", "Levend geboren kinderen, relatief"),
        "birth_rate_cbs",
    ),
)
DOMESTIC_TOPICS = (
    TopicItem("GevestigdInDeGemeente", containing("Gevestigd in de gemeente"), "settled"),
    TopicItem("VertrokkenUitDeGemeente", containing("Vertrokken uit de gemeente"), "departed"),
)
INTERNATIONAL_TOPICS = (
    TopicItem("Immigratie", exactly("Immigratie"), "immigration"),
    TopicItem(
        "EmigratieInclusiefAdministratieveC",
        starts_with("Emigratie inclusief administratieve"),
        "emigration",
    ),
)
LABOUR_TOPICS = (
    TopicItem(
        "BeroepsEnNietBeroepsbevolking",
        starts_with("Beroeps- en niet-beroepsbevolking"),
        "labour_population",
    ),  # population 15-75
    TopicItem("WerkzameBeroepsbevolking", starts_with("Werkzame beroepsbevolking"), "employed"),
    TopicItem(
        "NettoArbeidsparticipatie", starts_with("Netto arbeidsparticipatie"), "participation_cbs"
    ),  # %
)
FORECAST_TOPICS = (TopicItem("TotaleBevolking", starts_with("Totale bevolking"), "population"),)
INTERVAL = "PrognoseInterval"
# 85173NED's intervals as seen in the live API: MW00000 'Prognose', MOG0067 'Ondergrens
# 67%-prognose-interval', MBG0067 'Bovengrens 67%-prognose-interval' (ivan-cardenas/CrossTwin,
# .claude/plans/1-i-need-to-tidy-simon.md, "fetched from the public CBS OData API on
# 2026-09-21"; ../shared/CBS-API.md). The titles decide; the codes only warn.
INTERVALS = (
    MemberItem("forecast", exactly("Prognose"), "the forecast itself", expected="MW00000"),
    MemberItem(
        "forecast_lower",
        containing("Ondergrens"),
        "the lower bound of the 67% interval",
        expected="MOG0067",
    ),
    MemberItem(
        "forecast_upper",
        containing("Bovengrens"),
        "the upper bound of the 67% interval",
        expected="MBG0067",
    ),
)
# Older editions of the regional forecast (issue 15, part 4). A public listing of CBS's
# ODataApi tables (a Python list of url / displaytitle / ObservationCount records in the code
# index; its repository is not named there) has 84527NED "Regionale prognose 2020-2050;
# bevolking, intervallen, regio-indeling 2018" (40,269 observations) beside 85173NED
# "Regionale prognose 2023-2050; bevolking, intervallen, regio-indeling 2021" (34,020); an R
# script in the same index calls cbsodataR's cbs_search() with the 84527NED title and
# cbs_get_data("84527NED") [3rd]. CBS's own StatLine page of 84527NED
# (cbs.nl/nl-nl/cijfers/detail/84527NED) shows that title and the dimensions "Leeftijd",
# "Prognose(-interval)", "Regio-indeling 2018", "Perioden" (2050JJ00) with the topic "Totale
# bevolking (x 1 000)", as 85173NED's page does with "Regio-indeling 2021" [CBS]; pbl.nl
# calls the 2019-2050 forecast the seventh edition of the PBL/CBS regional forecast. Not
# known: whether CBS's OData catalogue still lists 84527NED, with which OutputStatus
# (choose_table skips 'Gediscontinueerd'), the keys of its dimensions and topic, and how its
# interval members are titled; ../shared/CBS-API.md says nothing of older editions. So the
# ETL extracts the one edition above; the store keeps each forecast row's edition in
# ``source`` (etl/contract.py FORECAST_EDITION_COLUMN), and the dashboard's forecast_check
# card draws every edition a store holds.
# 81734NED "Tussen gemeenten verhuisde personen": moves between municipalities by municipality
# of departure and of settlement, all ages (there is no age breakdown), from 2011. Sources:
# issue 14 and ../shared/CBS-API.md [3rd] (dimensions RegioVanVertrek, RegioVanVestiging,
# Perioden; topic TussenGemeentenVerhuisdePersonen_1); an R script in the code index
# ("data wrangling", author trond, 2018; its repository is not named there) that calls
# cbsodataR's cbs_get_data('81734NED', RegioVanVestiging = has_substring('GM'),
# RegioVanVertrek = has_substring('GM')) and reads TussenGemeentenVerhuisdePersonen_1; a
# flowmap.blue manual naming StatLine's "Regio van Vertrek" / "Regio van Vestigingen"; a
# catalogue listing with "ObservationCount": 3528056 for it; a Twenterand data README
# giving 2011-2024; CBS's definition page "Tussen gemeenten verhuisde personen" (old and
# new address in different municipalities; changes of address by a municipal merger are
# not moves). The keys and titles are only hints: the ETL finds them in the metadata.
FLOW_TOPICS = (
    TopicItem(
        "TussenGemeentenVerhuisdePersonen",
        starts_with("Tussen gemeenten verhuisde personen"),
        "persons",
    ),
)
FLOW_ORIGIN = DimensionItem("RegioVanVertrek", containing("vertrek"))
FLOW_DESTINATION = DimensionItem("RegioVanVestiging", containing("vestiging"))
# 86223NED "Arbeidsmarktsituatie jongeren (15 tot 27 jaar); regio (indeling 2025)", newest
# edition through the catalogue. Its dimensions Onderwijsvolgend, Arbeidskenmerken,
# Uitkering, GeregistreerdWerkzoekendeBijUWV, RegioS, Perioden are in ../shared/CBS-API.md
# [3rd] and in a dbt model over its v4 Observations in the code index
# ("cbs-netherlands-86223ned"); its title in a catalogue listing of opendata.cbs.nl
# (ObservationCount 796824). Its topics and member titles were found in no public source:
# the rules below are the words CBS's jeugdmonitor uses ("niet-onderwijsvolgende jongeren",
# "werkzaam") [?], and a table that titles them otherwise stops with a MetadataError that
# names the titles it has. What public pages do show (search, 2026-12-03): the topic is
# "Jongeren (15 tot 27 jaar)" (aantal) in 86087NED "Arbeidsmarktsituatie jongeren 15 tot 27
# jaar; regio 2024,2005-2023" (cbs.nl/nl-nl/cijfers/detail/86087NED), which the topic rule
# matches; its title there has no parentheses, so the catalogue search may miss an edition
# and fall back to 86223NED. The 2017 edition 83969NED named its work member "Arb.pos.:
# werkzame beroepsbevolking" under "Kenmerken arbeid" (cbs.nl/nl-nl/cijfers/detail/83969NED):
# if the live members read like that, WORKING below fails with that title in its message.
YOUTH_ACTIVITY_TITLE = "Arbeidsmarktsituatie jongeren (15 tot 27 jaar)"
EDUCATION = DimensionItem("Onderwijsvolgend", starts_with("Onderwijsvolgend"))
WORK = DimensionItem("Arbeidskenmerken", starts_with("Arbeidskenmerken"))
YOUTH_ACTIVITY_TOPICS = (TopicItem("Jongeren", starts_with("Jongeren"), "youth"),)
IN_EDUCATION = MemberItem("in_education", exactly("Onderwijsvolgend"), "in education")
NOT_IN_EDUCATION = MemberItem(
    "not_in_education", exactly("Niet-onderwijsvolgend"), "not in education"
)
WORKING = MemberItem("working", exactly("Werkzaam"), "working (paid work)")
NOT_WORKING = MemberItem("not_working", exactly("Niet-werkzaam"), "not working")
LABOUR_TITLE = "Arbeidsdeelname; gemeenten"  # ../shared/CBS-API.md: looser rules match others
REGIONS_TITLE = "Gebieden in Nederland"


SOURCES: tuple[Source, ...] = (
    Source(
        "population_by_age",
        "03759ned",
        POPULATION_TOPICS,
        keep_all=frozenset({SEX, AGE}),
        core=True,
    ),
    Source("dynamics", "37259ned", DYNAMICS_TOPICS, core=True),
    Source(
        "domestic_moves",
        "84547NED",
        DOMESTIC_TOPICS,
        keep_all=frozenset({"Leeftijd31December"}),
        annual_only=True,
    ),
    Source(
        "international_migration",
        "85451NED",
        INTERNATIONAL_TOPICS,
        keep_all=frozenset({AGE}),
        annual_only=True,
    ),
    Source("labour", "86008NED", LABOUR_TOPICS, catalogue_title=LABOUR_TITLE, annual_only=True),
    Source("forecast", "85173NED", FORECAST_TOPICS, keep_all=frozenset({INTERVAL})),
    Source("regions", "85385NED", (), catalogue_title=REGIONS_TITLE),
    Source("flows", "81734NED", FLOW_TOPICS, pairs=(FLOW_ORIGIN, FLOW_DESTINATION)),
    Source(
        "youth_activity",
        "86223NED",
        YOUTH_ACTIVITY_TOPICS,
        keep_all=frozenset({EDUCATION.key_prefix, WORK.key_prefix}),
        catalogue_title=YOUTH_ACTIVITY_TITLE,
        annual_only=True,
    ),
)

SOURCES_BY_ROLE = {s.role: s for s in SOURCES}
CORE_ROLES = tuple(s.role for s in SOURCES if s.core)
