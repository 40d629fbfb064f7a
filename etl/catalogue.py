"""The indicator catalogue: ``etl/indicators.toml``, validated by a pydantic model.

Each indicator is data: titles, units and definitions in Dutch and English, the source roles
it draws on, and a ``formula`` -- a pandas ``eval`` expression over count columns (see
:data:`etl.transform.COUNT_COLUMNS`). Adding an indicator means adding an entry, no code.
Definitions of youth indicators carry ``{youth_band_nl}`` / ``{youth_band_en}``, which
:func:`render` fills with the band the migration tables allow (e.g. "20 tot en met 34 jaar").
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from etl.transform import COUNT_COLUMNS, YOUTH_BAND_COLUMNS, YouthBand

CATALOGUE_FILE = Path(__file__).with_name("indicators.toml")
PLACEHOLDERS = ("youth_band_nl", "youth_band_en")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
TEXT_FIELDS = ("title_nl", "title_en", "unit_nl", "unit_en", "definition_nl", "definition_en")
# Plain arithmetic over column names and numbers; nothing pandas.eval could run beyond that.
FORMULA_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)

Text = Annotated[str, Field(min_length=1)]
Unit = Literal["aantal", "%", "per 1.000", "per 100"]
# "jongeren": issue 14's page /jongeren (stay or go); no topic page lists them.
Topic = Literal[
    "overzicht", "vergrijzing", "geboorte", "migratie", "arbeidsmarkt", "prognose", "jongeren"
]


class CatalogueError(ValueError):
    """The catalogue file is missing, not TOML, or an entry is invalid."""


def formula_names(formula: str) -> list[str]:
    """Column names a formula uses, in order; ValueError unless it is plain arithmetic."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as error:
        raise ValueError(f"formula '{formula}' is not an expression: {error.msg}") from None
    names: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, FORMULA_NODES):
            raise ValueError(
                f"formula '{formula}' uses {type(node).__name__}; only + - * / "
                "over count columns and numbers are allowed"
            )
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ValueError(f"formula '{formula}' holds a non-number {node.value!r}")
        if isinstance(node, ast.Name) and node.id not in names:
            names.append(node.id)
    return names


class Indicator(BaseModel):
    """One indicator: what it means (both languages), where it comes from, how it is computed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title_nl: Text
    title_en: Text
    unit: Unit
    unit_nl: Text
    unit_en: Text
    definition_nl: Text
    definition_en: Text
    sources: Annotated[tuple[str, ...], Field(min_length=1)]
    formula: Text
    lower_formula: str | None = None  # bounds of an interval (the forecast's 67% interval)
    upper_formula: str | None = None
    decimals: Annotated[int, Field(ge=0, le=3)]
    topic: Topic

    @field_validator("formula", "lower_formula", "upper_formula")
    @classmethod
    def _arithmetic(cls, formula: str | None) -> str | None:
        if formula is not None:
            formula_names(formula)
        return formula

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        unknown = [s for s in self.sources if s not in COUNT_COLUMNS]
        if unknown:
            raise ValueError(f"unknown source role(s) {unknown}; known: {list(COUNT_COLUMNS)}")
        available = {c: s for s in self.sources for c in COUNT_COLUMNS[s]}
        names = self.columns()
        if missing := [n for n in names if n not in available]:
            raise ValueError(f"formula uses {missing}, not a count column of {self.sources}")
        if unused := [s for s in self.sources if s not in {available[n] for n in names}]:
            raise ValueError(f"source(s) {unused} listed but no formula uses them")
        for field in TEXT_FIELDS:
            for name in PLACEHOLDER.findall(getattr(self, field)):
                if name not in PLACEHOLDERS:
                    raise ValueError(f"{field} holds an unknown placeholder {{{name}}}")
        if YOUTH_BAND_COLUMNS & set(names):
            for field, name in (
                ("definition_nl", "youth_band_nl"),
                ("definition_en", "youth_band_en"),
            ):
                if f"{{{name}}}" not in getattr(self, field):
                    raise ValueError(f"{field} must state the youth band with {{{name}}}")
        return self

    def columns(self) -> list[str]:
        """Every count column the formulas use."""
        names: list[str] = []
        for formula in (self.formula, self.lower_formula, self.upper_formula):
            for name in formula_names(formula) if formula else []:
                if name not in names:
                    names.append(name)
        return names


class Catalogue(BaseModel):
    """The indicators in display order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: tuple[Indicator, ...]

    @field_validator("indicators")
    @classmethod
    def _unique_ids(cls, indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
        ids = [i.id for i in indicators]
        if duplicated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"duplicate indicator id(s): {duplicated}")
        return indicators

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def get(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(f"no indicator '{indicator_id}' in the catalogue")

    def subset(self, ids: Iterable[str]) -> Catalogue:
        return Catalogue(indicators=tuple(self.get(i) for i in ids))

    def records(self) -> list[dict]:
        """JSON-ready list, as published in the store's catalogue.json."""
        return [i.model_dump(mode="json") for i in self.indicators]


def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """Read and validate the catalogue (``[[indicator]]`` tables); CatalogueError if bad."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"indicator catalogue {path}: {error}") from error
    try:
        return Catalogue(indicators=data.get("indicator", []))
    except ValidationError as error:
        raise CatalogueError(f"indicator catalogue {path} is invalid:\n{error}") from error


def render(catalogue: Catalogue, band: YouthBand) -> Catalogue:
    """The catalogue with the youth band written into every title, unit and definition."""
    values = {"youth_band_nl": band.label, "youth_band_en": band.label_en}

    def fill(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: values[m[1]], text)

    # Built without validation: the source was validated, and a filled-in definition no
    # longer carries the placeholder the validator asks for.
    return Catalogue.model_construct(
        indicators=tuple(
            i.model_copy(update={f: fill(getattr(i, f)) for f in TEXT_FIELDS})
            for i in catalogue.indicators
        )
    )
