"""dashboard.data.peers: z-scores, weighted distance, population cap, shares, notes.

Four municipalities, two features a and b, weights a=1, b=2; every number by hand:

    code  population   a    b
    A        100       1   10
    B        120       2   10
    C         90       1   14
    D        200       0    6

a: mean 1, deviations 0, 1, 0, -1; variance (ddof 0) 2/4 = 0.5; sd 0.7071
   z_a = 0, 1.4142, 0, -1.4142
b: mean 10, deviations 0, 0, 4, -4; variance 32/4 = 8; sd 2.8284
   z_b = 0, 0, 1.4142, -1.4142
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.data import peers
from etl import contract

WEIGHTS = {"a": 1.0, "b": 2.0}


def frame(**changes: dict[str, float]) -> pd.DataFrame:
    rows = {
        "A": {"population": 100, "a": 1.0, "b": 10.0},
        "B": {"population": 120, "a": 2.0, "b": 10.0},
        "C": {"population": 90, "a": 1.0, "b": 14.0},
        "D": {"population": 200, "a": 0.0, "b": 6.0},
    }
    for code, values in changes.items():
        rows[code] = {**rows[code], **values}
    return pd.DataFrame([{"region_code": c, **v} for c, v in rows.items()])


def test_per001_zscores_by_hand():
    z = peers.zscores(frame(), ["a", "b"])
    r2 = math.sqrt(2)
    assert z["a"].tolist() == pytest.approx([0, r2, 0, -r2])
    assert z["b"].tolist() == pytest.approx([0, 0, r2, -r2])


def test_per002_nearest_with_cap_and_shares():
    # Focus A (z 0, 0); cap 67..150 keeps B (120) and C (90), drops D (200).
    # B: 1 x 1.4142^2 = 2 (a), 2 x 0 = 0 (b): d^2 = 2, d = 1.4142; shares a 1, b 0.
    # C: 1 x 0 = 0 (a), 2 x 1.4142^2 = 4 (b): d^2 = 4, d = 2; shares a 0, b 1.
    result = peers.nearest(frame(), "A", weights=WEIGHTS, n=5)
    assert [p.region_code for p in result.peers] == ["B", "C"]
    b, c = result.peers
    assert b.distance == pytest.approx(math.sqrt(2))
    assert b.shares == pytest.approx({"a": 1.0, "b": 0.0})
    assert c.distance == pytest.approx(2.0)
    assert c.shares == pytest.approx({"a": 0.0, "b": 1.0})
    assert result.features == ("a", "b")
    assert result.notes == ()


def test_per003_mixed_shares_and_n():
    # Focus B (z 1.4142, 0); cap 80.4..180 keeps A (100) and C (90).
    # A: (0 - 1.4142)^2 = 2 (a), 0 (b): d^2 = 2.
    # C: 1 x 2 = 2 (a), 2 x 1.4142^2 = 4 (b): d^2 = 6, shares a 2/6 = 1/3, b 4/6 = 2/3.
    result = peers.nearest(frame(), "B", weights=WEIGHTS, n=2)
    assert [p.region_code for p in result.peers] == ["A", "C"]
    assert result.peers[1].distance == pytest.approx(math.sqrt(6))
    assert result.peers[1].shares == pytest.approx({"a": 1 / 3, "b": 2 / 3})
    assert sum(result.peers[1].shares.values()) == pytest.approx(1.0)
    only = peers.nearest(frame(), "B", weights=WEIGHTS, n=1)
    assert [p.region_code for p in only.peers] == ["A"]


def test_per004_cap_bounds_are_inclusive():
    # D at exactly 1.5 x A (150) is a candidate: z from the frame with D's population
    # changed only (features unchanged): D: 1 x 2 (a) + 2 x 2 (b) = 6 -> nearest last.
    result = peers.nearest(frame(D={"population": 150}), "A", weights=WEIGHTS)
    assert [p.region_code for p in result.peers] == ["B", "C", "D"]
    assert result.peers[2].distance == pytest.approx(math.sqrt(6))
    # 0.67 x 100 = 67 is in, 66 is out.
    assert "C" in [
        p.region_code
        for p in peers.nearest(frame(C={"population": 67}), "A", weights=WEIGHTS).peers
    ]
    assert "C" not in [
        p.region_code
        for p in peers.nearest(frame(C={"population": 66}), "A", weights=WEIGHTS).peers
    ]


def test_per005_focus_missing_a_feature_drops_it_with_a_note():
    # A has no b: only a is compared. z_a over A..D is unchanged (a is complete).
    # B: d^2 = 2 (a only); C: d^2 = 0 (same a as A): C first, shares all 0.
    result = peers.nearest(frame(A={"b": np.nan}), "A", weights=WEIGHTS)
    assert result.features == ("a",)
    assert peers.PeerNote(peers.FOCUS_MISSING, "b") in result.notes
    assert [p.region_code for p in result.peers] == ["C", "B"]
    assert result.peers[0].distance == 0.0
    assert result.peers[0].shares == {"a": 0.0}


def test_per006_candidate_missing_a_feature_is_left_out_with_a_note():
    result = peers.nearest(frame(C={"a": np.nan}), "A", weights=WEIGHTS)
    assert [p.region_code for p in result.peers] == ["B"]
    assert peers.PeerNote(peers.CANDIDATE_MISSING, codes=("C",)) in result.notes


def test_per007_bad_input_gives_notes_not_errors():
    unknown = peers.nearest(frame(), "GM9999", weights=WEIGHTS)
    assert unknown.peers == () and unknown.notes == (peers.PeerNote(peers.UNKNOWN_FOCUS),)
    flat = frame(A={"b": 5.0}, B={"b": 5.0}, C={"b": 5.0}, D={"b": 5.0})
    no_spread = peers.nearest(flat, "A", weights=WEIGHTS)
    assert peers.PeerNote(peers.NO_SPREAD, "b") in no_spread.notes
    assert no_spread.features == ("a",)
    nothing = peers.nearest(frame(A={"a": np.nan, "b": np.nan}), "A", weights=WEIGHTS)
    assert nothing.peers == () and nothing.notes[-1] == peers.PeerNote(peers.NO_FEATURES)
    no_population = peers.nearest(frame(A={"population": np.nan}), "A", weights=WEIGHTS)
    assert peers.PeerNote(peers.NO_POPULATION) in no_population.notes
    assert [p.region_code for p in no_population.peers] == ["B", "C", "D"]  # no cap
    clipped = peers.nearest(frame(), "A", weights=WEIGHTS, n=0)
    assert clipped.n == 1 and peers.PeerNote(peers.N_OUT_OF_RANGE) in clipped.notes


def test_per008_the_two_models_cover_the_contract_features():
    assert set(peers.MODELS) == {peers.DEMOGRAFISCH, peers.SOCIAAL_ECONOMISCH}
    for weights in peers.MODELS.values():
        assert set(weights) == set(contract.PEER_FEATURES)
        assert all(w >= 0 for w in weights.values())
    wrong = peers.nearest(frame(), "A", model="nonsense")
    assert wrong.model == peers.DEFAULT_MODEL
    assert peers.PeerNote(peers.UNKNOWN_MODEL) in wrong.notes
