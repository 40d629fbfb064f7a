"""Region groups (``groep`` in the URL): a set of municipalities summed into one region at
request time, the way the ETL makes Twente and Nederland (etl/indicators.py): counts are
summed, and a ratio is its summed numerator over its summed denominator -- never a mean of
the members' ratios.

The store holds indicator values, not the ETL's count columns, so the counts behind each
ratio are recovered from the catalogue's formulas (``catalogue.json``, ``formula``):

* an *additive* indicator (a formula that is a sum or difference of count columns, e.g.
  ``population`` = ``p_total``, ``natural_increase`` = ``births - deaths``) is summed as it is;
* a *ratio* ``N / D`` (``100 * p_18_35 / p_total``) needs ``N`` and ``D`` per member. Each is a
  linear form over count columns; it is known when it is a combination of the additive
  indicators' forms, or when the other side is known and the member's own ratio is given
  (``N = ratio x D``; ``D = N / ratio``) -- exact, since the ETL computed the ratio from those
  very counts. Found once per catalogue (:func:`plan`), by least squares over the forms.

An indicator neither way can reach (a share CBS publishes without its counts, the retention
rates, whose counts are ages of other years) is absent for a group, with the reason in
:attr:`GroupData.absent`. A forecast's 67% interval cannot be summed: a group's forecast is
the summed forecast without an interval. A year is in a group's series only when every
member has it; its status is the most provisional of the member rows it comes from.

Pure: takes a :class:`~dashboard.data.store.Store`, returns new values; the store is unchanged.
:func:`with_groups` hands out a store that also answers for the groups' codes.
"""

from __future__ import annotations

import ast
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.store import MEN, TOTAL, WOMEN, SeriesData, Store
from etl.contract import STATUSES

GROUPS_FILE = Path(__file__).resolve().parent / "groups.toml"
CACHE_SIZE = 32  # groups' series kept per worker (a group is a few dozen small series)
TOLERANCE = 1e-9  # a form counts as a combination of known forms below this residual

# Why an indicator is absent for a group (texts: group_absent_<reason>).
NO_COUNTS = "no_counts"  # the store does not hold the counts its formula needs
NOT_IN_ALL = "not_in_all"  # some member has no value in any year

Form = dict[str, float]  # count column -> coefficient: a linear expression over counts


def _linear(node: ast.expr) -> Form | None:
    """The linear form of an expression, or None when it is not one (a product of two
    columns, a column divided by one, a constant term)."""
    if isinstance(node, ast.Name):
        return {node.id: 1.0}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _linear(node.operand)
        return None if inner is None else {k: -v for k, v in inner.items()}
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add | ast.Sub):
            left, right = _linear(node.left), _linear(node.right)
            if left is None or right is None:
                return None
            sign = 1.0 if isinstance(node.op, ast.Add) else -1.0
            result = dict(left)
            for key, value in right.items():
                result[key] = result.get(key, 0.0) + sign * value
            return result
        number = _number(node.right)
        if isinstance(node.op, ast.Mult | ast.Div) and number is not None:
            inner = _linear(node.left)
            factor = number if isinstance(node.op, ast.Mult) else 1 / number
            return None if inner is None else {k: v * factor for k, v in inner.items()}
        number = _number(node.left)
        if isinstance(node.op, ast.Mult) and number is not None:
            inner = _linear(node.right)
            return None if inner is None else {k: v * number for k, v in inner.items()}
    return None


def _number(node: ast.expr) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and node.value:
        return float(node.value)
    return None


@dataclass(frozen=True)
class Formula:
    """A catalogue formula as ``numerator / denominator`` (denominator None: additive)."""

    numerator: Form
    denominator: Form | None


def parse_formula(text: str) -> Formula | None:
    """``100 * p_18_35 / p_total`` -> ({p_18_35: 100}, {p_total: 1}); None when the formula
    is neither additive nor one linear form over another."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    additive = _linear(tree)
    if additive is not None:
        return Formula(additive, None)
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        numerator, denominator = _linear(tree.left), _linear(tree.right)
        if numerator is not None and denominator is not None:
            return Formula(numerator, denominator)
    return None


# A known quantity per member and year: ("value", id) the indicator itself; ("times", id,
# combo) the ratio ``id`` times a combination (a numerator); ("over", id, combo) a
# combination divided by the ratio ``id`` (a denominator). combo: ((coefficient, known), …).
Combo = tuple[tuple[float, int], ...]
Recipe = tuple


@dataclass(frozen=True)
class Plan:
    """How to sum each indicator: ``("sum",)``, ``("ratio", numerator, denominator)`` or
    ``("absent", reason)``; ``recipes[i]`` says how known quantity ``i`` is computed."""

    recipes: tuple[Recipe, ...]
    indicators: dict[str, tuple]


class _Forms:
    """Linear forms known so far, to tell whether another is a combination of them."""

    def __init__(self) -> None:
        self.forms: list[Form] = []

    def combo(self, target: Form) -> Combo | None:
        """Weights of known forms that add up to ``target``; the forms over the target's
        own columns are tried first, so ``births`` is taken as it is, not as a mix of
        ``births``, ``deaths`` and ``natural_increase`` (which a missing input would spoil)."""
        narrow = [i for i, f in enumerate(self.forms) if set(f) <= set(target)]
        return self._solve(target, narrow) or self._solve(target, range(len(self.forms)))

    def _solve(self, target: Form, chosen: Iterable[int]) -> Combo | None:
        indices = list(chosen)
        if not indices:
            return None
        forms = [self.forms[i] for i in indices]
        columns = sorted({c for f in forms for c in f} | set(target))
        matrix = np.array([[f.get(c, 0.0) for f in forms] for c in columns])
        wanted = np.array([target.get(c, 0.0) for c in columns])
        weights, *_ = np.linalg.lstsq(matrix, wanted, rcond=None)
        if np.abs(matrix @ weights - wanted).max(initial=0.0) > TOLERANCE * max(
            1.0, np.abs(wanted).max(initial=0.0)
        ):
            return None
        return tuple((float(w), indices[i]) for i, w in enumerate(weights) if abs(w) > TOLERANCE)


def plan(catalogue: dict[str, dict]) -> Plan:
    """Which indicators a group can have and from what (depends on the catalogue only)."""
    parsed = {key: parse_formula(str(entry.get("formula", ""))) for key, entry in catalogue.items()}
    known = _Forms()
    recipes: list[Recipe] = []
    for key, formula in parsed.items():
        if formula is not None and formula.denominator is None:
            known.forms.append(formula.numerator)
            recipes.append(("value", key))
    ratios = {k: f for k, f in parsed.items() if f is not None and f.denominator is not None}
    changed = True
    while changed:  # each pass may make another numerator or denominator known
        changed = False
        for key, formula in ratios.items():
            assert formula.denominator is not None
            numerator, denominator = (
                known.combo(formula.numerator),
                known.combo(formula.denominator),
            )
            if numerator is None and denominator is not None:
                known.forms.append(formula.numerator)
                recipes.append(("times", key, denominator))
                changed = True
            elif denominator is None and numerator is not None:
                known.forms.append(formula.denominator)
                recipes.append(("over", key, numerator))
                changed = True
    indicators: dict[str, tuple] = {}
    for key, formula in parsed.items():
        if formula is None:
            indicators[key] = ("absent", NO_COUNTS)
        elif formula.denominator is None:
            indicators[key] = ("sum",)
        else:
            numerator, denominator = (
                known.combo(formula.numerator),
                known.combo(formula.denominator),
            )
            if numerator is None or denominator is None:
                indicators[key] = ("absent", NO_COUNTS)
            else:
                indicators[key] = ("ratio", numerator, denominator)
    return Plan(tuple(recipes), indicators)


@dataclass(frozen=True)
class GroupData:
    """One group's series per indicator, and why the others are absent."""

    code: str
    name: str
    members: tuple[str, ...]
    series: dict[str, SeriesData]
    absent: dict[str, str] = field(default_factory=dict)  # indicator -> reason
    # What a store memoizes under this group's code (its pyramid, its pyramid's shares):
    # kept with the group, since one code may name other members in another link.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


RANK = {status: rank for rank, status in enumerate(STATUSES)}  # definitief < … < prognose


Array = np.ndarray  # members x years, NaN where a member has no value


class _Members:
    """The members' values and status ranks as (members x years) arrays per indicator:
    numpy, not pandas, because a group is a few hundred numbers, where pandas' per-call
    cost would outweigh the arithmetic (as dashboard/data/series.py explains)."""

    def __init__(self, store: Store, members: tuple[str, ...], recipes: tuple[Recipe, ...]):
        self.recipes = recipes
        self.series: dict[tuple[str, int], SeriesData] = {}
        years: set[int] = set()
        for key in store.catalogue:
            for position, code in enumerate(members):
                data = store.get_series(key, code)
                if data is not None:
                    self.series[(key, position)] = data
                    years.update(data.years)
        self.years = np.array(sorted(years), dtype=np.int64)
        self.shape = (len(members), len(self.years))
        self._columns: dict[str, tuple[Array, Array]] = {}
        self._known: dict[int, tuple[Array, Array]] = {}

    def column(self, key: str) -> tuple[Array, Array]:
        """An indicator's values and status ranks."""
        if key not in self._columns:
            values, ranks = np.full(self.shape, np.nan), np.full(self.shape, np.nan)
            for position in range(self.shape[0]):
                data = self.series.get((key, position))
                if data is None:
                    continue
                where = np.searchsorted(self.years, np.array(data.years, dtype=np.int64))
                values[position, where] = data.values
                ranks[position, where] = [RANK.get(s, 0) for s in data.statuses]
            self._columns[key] = (values, ranks)
        return self._columns[key]

    def combo(self, combo: Combo) -> tuple[Array, Array]:
        value, rank = np.zeros(self.shape), np.zeros(self.shape)
        for coefficient, index in combo:
            part, part_rank = self.known(index)
            value = value + coefficient * part  # NaN (a missing input) stays NaN
            rank = np.fmax(rank, part_rank)
        return value, rank

    def known(self, index: int) -> tuple[Array, Array]:
        if index not in self._known:
            recipe = self.recipes[index]
            own, own_rank = self.column(recipe[1])
            if recipe[0] == "value":
                result = (own, own_rank)
            else:
                other, other_rank = self.combo(recipe[2])
                if recipe[0] == "times":
                    value = own * other
                else:
                    with np.errstate(divide="ignore", invalid="ignore"):
                        value = np.where(own != 0, other / own, np.nan)
                result = (value, np.fmax(own_rank, other_rank))
            self._known[index] = result
        return self._known[index]


def _summed(part: Array) -> Array:
    """Per year the members' sum; NaN unless every member has a value."""
    return part.sum(axis=0)  # a NaN anywhere in a year's column makes its sum NaN


def compute_group(
    store: Store, code: str, name: str, members: tuple[str, ...], the_plan: Plan | None = None
) -> GroupData:
    """Every catalogue indicator for the municipalities ``members`` summed."""
    the_plan = the_plan or store.memo(("group_plan",), lambda: plan(store.catalogue))
    data = _Members(store, members, the_plan.recipes)
    series: dict[str, SeriesData] = {}
    absent: dict[str, str] = {}
    for key, how in the_plan.indicators.items():
        if how[0] == "absent":
            absent[key] = how[1]
            continue
        if how[0] == "sum":
            value, rank = data.column(key)
            values = _summed(value)
        else:
            numerator, numerator_rank = data.combo(how[1])
            denominator, denominator_rank = data.combo(how[2])
            top, bottom = _summed(numerator), _summed(denominator)
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.where(bottom != 0, top / bottom, np.nan)
            rank = np.fmax(numerator_rank, denominator_rank)
        kept = ~np.isnan(values)
        if not kept.any():
            absent[key] = NOT_IN_ALL
            continue
        worst = np.nan_to_num(np.nanmax(rank[:, kept], axis=0)).astype(int) if data.shape[0] else []
        series[key] = SeriesData(
            years=tuple(int(y) for y in data.years[kept]),
            values=tuple(float(v) for v in values[kept]),
            statuses=tuple(STATUSES[r] for r in worst),
            lowers=(None,) * int(kept.sum()),  # an interval is not a sum of intervals
            uppers=(None,) * int(kept.sum()),
        )
    return GroupData(code, name, members, series, absent)


# --- predefined groups ------------------------------------------------------------------------


@dataclass(frozen=True)
class PredefinedGroup:
    key: str
    name_nl: str
    name_en: str
    members: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl


def load_predefined(path: Path = GROUPS_FILE) -> dict[str, PredefinedGroup]:
    """``groups.toml``: ``[[group]]`` tables with key, name_nl, name_en and members."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("group", [])
    return {
        str(e["key"]): PredefinedGroup(
            str(e["key"]), str(e["name_nl"]), str(e["name_en"]), tuple(e["members"])
        )
        for e in entries
    }


PREDEFINED = load_predefined()


# --- a store that answers for group codes -----------------------------------------------------

_CACHE: OrderedDict[tuple, GroupData] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def group_data(store: Store, code: str, name: str, members: tuple[str, ...]) -> GroupData:
    """:func:`compute_group`, kept for the last :data:`CACHE_SIZE` groups asked for (a
    user-defined group is in no store's memo: there are too many possible ones)."""
    key = (id(store), store.manifest_sha256, code, name, members)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = compute_group(store, code, name, members)
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


@dataclass
class GroupedStore(Store):
    """A :class:`Store` that also has series for some groups' codes (same frames, no copy)."""

    groups: dict[str, GroupData] = field(default_factory=dict)
    base: Store | None = None  # the store whose frames these are

    def name(self, code: str) -> str:
        group = self.groups.get(code)
        return group.name if group is not None else super().name(code)

    def absent_reason(self, indicator: str, region: str) -> str | None:
        """Why a group has no ``indicator`` (NO_COUNTS, NOT_IN_ALL); None: it has it, or
        ``region`` is no group."""
        group = self.groups.get(region)
        return group.absent.get(indicator) if group is not None else None

    def get_series(self, indicator: str, region: str) -> SeriesData | None:
        group = self.groups.get(region)
        if group is not None:
            return group.series.get(indicator)
        return super().get_series(indicator, region)

    def memo(self, key: tuple, build):
        """The base store's memo, but a key naming a group is kept with that group."""
        for part in key:
            if isinstance(part, str) and part in self.groups:
                cache = self.groups[part].memo
                if key not in cache:
                    cache[key] = build()
                return cache[key]
        return super().memo(key, build)

    def pyramid(self, region: str, year: int) -> pd.DataFrame | None:
        """A group's pyramid: per age the members' men, women and total summed; None
        unless every member has that year; the most provisional member's status."""
        group = self.groups.get(region)
        if group is None:
            return super().pyramid(region, year)
        return self.memo(("pyramid", region, year), lambda: self._summed_pyramid(group, year))

    def _summed_pyramid(self, group: GroupData, year: int) -> pd.DataFrame | None:
        frames = [super(GroupedStore, self).pyramid(code, year) for code in group.members]
        if not frames or any(f is None or f.empty for f in frames):
            return None
        both = pd.concat(frames, ignore_index=True)
        both = both.assign(rank=both["status"].map(RANK).fillna(0))
        summed = both.groupby("age", sort=True).agg(
            **{sex: (sex, "sum") for sex in (MEN, WOMEN, TOTAL)},
            age_open=("age_open", "max"),
            rank=("rank", "max"),
        )
        summed["status"] = [STATUSES[int(r)] for r in summed["rank"]]
        return summed.drop(columns="rank").reset_index()


def absent_groups(store: Store, indicator: str, regions: list[str]) -> list[tuple[str, str]]:
    """``(group name, reason)`` of each group among ``regions`` without ``indicator``."""
    if not isinstance(store, GroupedStore):
        return []
    found = []
    for code in regions:
        reason = store.absent_reason(indicator, code)
        if reason is not None:
            found.append((store.name(code), reason))
    return found


def with_groups(store: Store, groups: list[tuple[str, str, tuple[str, ...]]]) -> Store:
    """``store`` answering also for each ``(code, name, members)``; ``store`` itself when
    there are none. Members the store does not hold make the group absent everywhere."""
    if not groups:
        return store
    base = store.base if isinstance(store, GroupedStore) and store.base else store
    grouped = GroupedStore(
        **{f.name: getattr(base, f.name) for f in fields(Store)},
        groups={code: group_data(base, code, name, members) for code, name, members in groups},
        base=base,
    )
    # cached_property values of the base (observed years, municipalities) hold for it too.
    for name, value in vars(base).items():
        if name not in grouped.__dict__:
            grouped.__dict__[name] = value
    return grouped
