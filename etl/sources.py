"""What the ETL takes from CBS: one entry per source role, and the regions in scope.

Only roles, default table ids, topic-key prefixes and which dimensions keep every member are
declared here; the codes themselves are resolved from each table's metadata at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TWENTE_MUNICIPALITIES: dict[str, str] = {
    "GM0141": "Almelo", "GM0147": "Borne", "GM1774": "Dinkelland", "GM0153": "Enschede",
    "GM0158": "Haaksbergen", "GM0163": "Hellendoorn", "GM0164": "Hengelo",
    "GM1735": "Hof van Twente", "GM0168": "Losser", "GM0173": "Oldenzaal",
    "GM1742": "Rijssen-Holten", "GM0183": "Tubbergen", "GM1700": "Twenterand",
    "GM0189": "Wierden",
}
TWENTE = "CR12"
OVERIJSSEL = "PV23"
NETHERLANDS = "NL01"
TWENTE_SCOPE_AGGREGATES = (TWENTE, OVERIJSSEL, NETHERLANDS)


@dataclass(frozen=True)
class Source:
    role: str
    default_table: str
    topic_prefixes: tuple[str, ...]
    # Dimensions (other than region and period) whose every member is kept; all others are
    # filtered to their total member server-side.
    keep_all: frozenset[str] = field(default_factory=frozenset)
    catalogue_title: str | None = None  # find the newest edition by this title in the catalogue
    catalogue_title_also: tuple[str, ...] = ()  # ... whose title also holds one of these
    annual_only: bool = False  # table also has months: filter to "JJ" periods
    required: bool = True


SOURCES: tuple[Source, ...] = (
    Source("population_by_age", "03759ned",
           ("BevolkingOp1Januari", "GemiddeldeBevolking"),
           keep_all=frozenset({"Geslacht", "Leeftijd"})),
    Source("dynamics", "37259ned",
           ("BevolkingOp1Januari", "LevendGeborenKinderen", "LevendGeborenKinderenRelatief",
            "Overledenen", "Immigratie", "UitAndereGemeente",
            "EmigratieInclusiefAdministratieveC", "NaarAndereGemeente",
            "VestigingsoverschotInclusiefCorrecties", "BevolkingOp31December")),
    Source("domestic_moves", "84547NED",
           ("GevestigdInDeGemeente", "VertrokkenUitDeGemeente"),
           keep_all=frozenset({"Leeftijd31December"}), annual_only=True),
    Source("international_migration", "85451NED",
           ("Immigratie", "EmigratieInclusiefAdministratieveC",
            "MigratiesaldoInclusiefAdministratie"),
           keep_all=frozenset({"Leeftijd"}), annual_only=True),
    Source("labour", "86008NED",
           ("BeroepsEnNietBeroepsbevolking", "WerkzameBeroepsbevolking",
            "NettoArbeidsparticipatie"),
           catalogue_title="Arbeidsdeelname", catalogue_title_also=("regio", "gemeente"),
           annual_only=True),
    Source("forecast", "85173NED", ("TotaleBevolking",),
           keep_all=frozenset({"PrognoseInterval"})),
    Source("regions", "85385NED", (), catalogue_title="Gebieden in Nederland"),
)

SOURCES_BY_ROLE = {s.role: s for s in SOURCES}
