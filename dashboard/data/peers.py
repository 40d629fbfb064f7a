"""Peers by profile: the municipalities most like a focus municipality (issue 15, part 1).

The store's ``peer_features.parquet`` holds a few features for every Dutch municipality
(etl/contract.py ``PEER_FEATURES``). Each feature is turned into a z-score over every
municipality that has it (mean 0, population standard deviation 1, so a feature measured in
per-mille weighs no more than one in percent); the distance between two municipalities is
the weighted Euclidean distance of their z-scores,

    d(f, c) = sqrt( sum_k w_k * (z_k(c) - z_k(f))^2 ),

and each feature's share of it ("waarom") is its term w_k * (z_k(c) - z_k(f))^2 over d^2, so
the shares of one peer add up to 1. Only municipalities of 0.67 to 1.5 times the focus's
population are candidates (a town of 20,000 is no peer of a city of 160,000, whatever its
age structure). Z-scores are taken over the whole country before that cap, so the scale
does not depend on which municipality is the focus.

A feature the focus has no value for (or that has no spread at all) is left out of that
comparison; a candidate without a value for a feature that is used is left out. Both are
reported as notes with a reason, never raised: the caller words them.
Pure functions on a small frame, so tests compute them by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from etl import contract

POPULATION_CAP = (0.67, 1.5)  # candidates' population as a multiple of the focus's
DEFAULT_N = 5
MAX_N = 25

DEMOGRAFISCH = "demografisch"
SOCIAAL_ECONOMISCH = "sociaal-economisch"
# Weight of each feature per model; 0 leaves a feature out. Why these numbers:
# - demografisch: the age structure leads. 18-35 weighs 1.5 because young adults are what the
#   Talentopgave is about; 80+ weighs 0.5 because it lies inside 65+ (counting it fully would
#   count old age twice); size and the youth migration rate weigh 1 each.
# - sociaal-economisch: work and the pull on young people lead (labour participation 2, youth
#   migration 1.5); size 1 keeps towns with towns; the age shares weigh 0.5, enough to tell a
#   retirement town from a student city without making it a second demographic model.
MODELS: dict[str, dict[str, float]] = {
    DEMOGRAFISCH: {
        contract.LN_POPULATION: 1.0,
        contract.SHARE_0_17: 1.0,
        contract.SHARE_18_35: 1.5,
        contract.SHARE_65PLUS: 1.0,
        contract.SHARE_80PLUS: 0.5,
        contract.YOUTH_NET_MIGRATION_RATE: 1.0,
        contract.NET_LABOUR_PARTICIPATION: 0.0,
    },
    SOCIAAL_ECONOMISCH: {
        contract.LN_POPULATION: 1.0,
        contract.SHARE_0_17: 0.5,
        contract.SHARE_18_35: 0.5,
        contract.SHARE_65PLUS: 0.5,
        contract.SHARE_80PLUS: 0.0,
        contract.YOUTH_NET_MIGRATION_RATE: 1.5,
        contract.NET_LABOUR_PARTICIPATION: 2.0,
    },
}
DEFAULT_MODEL = DEMOGRAFISCH

# Why something was left out (PeerNote.reason); the UI words each one.
UNKNOWN_FOCUS = "unknown_focus"  # the focus has no row of features at all
FOCUS_MISSING = "focus_missing"  # the focus has no value for this feature: feature dropped
NO_SPREAD = "no_spread"  # every municipality has the same value: no z-score
CANDIDATE_MISSING = "candidate_missing"  # candidates without a value for a used feature
NO_POPULATION = "no_population"  # the focus has no population: no cap applied
NO_FEATURES = "no_features"  # no feature left to compare on
UNKNOWN_MODEL = "unknown_model"  # the model asked for does not exist: the default is used
N_OUT_OF_RANGE = "n_out_of_range"  # n below 1 or above MAX_N: clipped


@dataclass(frozen=True)
class PeerNote:
    reason: str
    feature: str | None = None
    codes: tuple[str, ...] = ()  # the municipalities it concerns (candidate_missing)


@dataclass(frozen=True)
class Peer:
    region_code: str
    distance: float
    shares: dict[str, float]  # feature -> share of d^2 (sum 1; all 0 for an identical twin)


@dataclass(frozen=True)
class PeerResult:
    focus: str
    model: str
    n: int
    features: tuple[str, ...]  # the features compared on, with a weight above 0
    peers: tuple[Peer, ...]
    notes: tuple[PeerNote, ...] = field(default_factory=tuple)


def zscores(frame: pd.DataFrame, features: list[str]) -> pd.DataFrame:
    """Each feature as (x - mean) / sd over the rows that have it (population sd, ddof 0);
    NaN stays NaN, and a feature without spread is all NaN."""
    out = {}
    for feature in features:
        values = frame[feature].astype("float64")
        sd = values.std(ddof=0)
        out[feature] = (values - values.mean()) / sd if sd > 0 else values * np.nan
    return pd.DataFrame(out, index=frame.index)


def nearest(
    features: pd.DataFrame,
    focus: str,
    model: str = DEFAULT_MODEL,
    n: int = DEFAULT_N,
    *,
    weights: Mapping[str, float] | None = None,
    cap: tuple[float, float] = POPULATION_CAP,
) -> PeerResult:
    """The ``n`` municipalities nearest to ``focus`` under ``model`` (or explicit ``weights``),
    nearest first (ties by code). ``features``: one row per municipality with
    ``region_code``, ``population`` and the feature columns."""
    notes: list[PeerNote] = []
    if weights is None:
        if model not in MODELS:
            notes.append(PeerNote(UNKNOWN_MODEL))
            model = DEFAULT_MODEL
        weights = MODELS[model]
    if not 1 <= n <= MAX_N:
        notes.append(PeerNote(N_OUT_OF_RANGE))
        n = min(max(n, 1), MAX_N)
    frame = features.drop_duplicates("region_code").set_index("region_code")
    if focus not in frame.index:
        return PeerResult(focus, model, n, (), (), (*notes, PeerNote(UNKNOWN_FOCUS)))

    used = [f for f, w in weights.items() if w > 0 and f in frame.columns]
    z = zscores(frame, used)
    kept = []
    for feature in used:
        if pd.isna(frame.at[focus, feature]):
            notes.append(PeerNote(FOCUS_MISSING, feature))
        elif z[feature].isna().all():
            notes.append(PeerNote(NO_SPREAD, feature))
        else:
            kept.append(feature)
    if not kept:
        return PeerResult(focus, model, n, (), (), (*notes, PeerNote(NO_FEATURES)))

    candidates = frame.index != focus
    population = frame["population"].astype("float64")
    focus_population = population.at[focus]
    if pd.isna(focus_population) or focus_population <= 0:
        notes.append(PeerNote(NO_POPULATION))
    else:
        ratio = population / focus_population
        candidates &= ((ratio >= cap[0]) & (ratio <= cap[1])).to_numpy()
    incomplete = candidates & z[kept].isna().any(axis=1).to_numpy()
    if incomplete.any():
        notes.append(PeerNote(CANDIDATE_MISSING, codes=tuple(sorted(frame.index[incomplete]))))
    candidates &= ~incomplete

    w = np.array([weights[f] for f in kept])
    terms = w * (z.loc[candidates, kept] - z.loc[focus, kept]) ** 2  # rows: candidates
    squared = terms.sum(axis=1)
    order = pd.DataFrame({"d2": squared, "code": squared.index}).sort_values(["d2", "code"])
    peers = []
    for code in order["code"].iloc[:n]:
        d2 = float(squared.at[code])
        shares = {f: float(terms.at[code, f] / d2) if d2 > 0 else 0.0 for f in kept}
        peers.append(Peer(str(code), float(np.sqrt(d2)), shares))
    return PeerResult(focus, model, n, tuple(kept), tuple(peers), tuple(notes))
