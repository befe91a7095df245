"""The scenario link and the slider helpers: pure functions, no page."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib
from pathlib import Path

import pytest

from assessment.engine.policy import load_policies
from assessment.present import scenario_url as link
from assessment.present import sliders
from assessment.present.changes import changes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "sample_data" / "songhe-fasteners" / "indicators.json").read_text())


def test_a_sample_round_trips_and_the_token_is_compact() -> None:
    scenario = link.LinkScenario("sample", SAMPLE, dt.date(2025, 6, 1), "")
    token = link.encode(scenario)
    back = link.decode(token)
    assert back.kind == "sample" and back.assessment_date == dt.date(2025, 6, 1)
    assert link.compact_indicators(back.indicators) == link.compact_indicators(SAMPLE)
    assert "derivations" not in back.indicators
    assert len(token) < len(json.dumps(SAMPLE)) / 5  # links stay short enough to paste
    assert set(token) <= set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")


def test_titled_enterprises_travel_as_groups_with_the_same_counts() -> None:
    # an edition-1 list, one entry per enterprise, travels grouped with the same counts
    one_each = [
        {k: v for k, v in e.items() if k != "count"}
        for e in SAMPLE["titled_enterprises"]
        for _ in range(e.get("count", 1))
    ]
    groups = link.compact_indicators({**SAMPLE, "titled_enterprises": one_each})[
        "titled_enterprises"
    ]
    assert sum(g["count"] for g in groups) == len(one_each)
    assert len(groups) < len(one_each)
    assert link.compact_indicators(SAMPLE)["titled_enterprises"] == groups


def test_a_file_name_travels() -> None:
    token = link.encode(link.LinkScenario("file", {"area_km2": 12.5}, None, "成员 企业.xlsx"))
    back = link.decode(token)
    assert (back.kind, back.file_name, back.indicators) == (
        "file",
        "成员 企业.xlsx",
        {"area_km2": 12.5},
    )


def _token(payload: object) -> str:
    raw = zlib.compress(json.dumps(payload).encode())
    return "1" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("", "empty"),
        ("2abc", "edition"),
        ("1!!!", "cut short"),
        ("1" + "A" * 20_000, "too long"),
        (_token([1, 2]), "cut short"),
        (_token({"k": "sample", "i": {"sme_output_share_pct": 130}}), "figure is wrong"),
        (_token({"k": "manual", "i": {}, "d": "2025-13-01"}), "date"),
        (_token({"k": "manual", "i": {}, "n": 5}), "file name"),
        ("1" + base64.urlsafe_b64encode(zlib.compress(b"[" * 300_000)).decode(), "too large"),
    ],
)
def test_a_bad_token_says_what_is_wrong_in_both_languages(token: str, words: str) -> None:
    with pytest.raises(link.LinkError) as caught:
        link.decode(token)
    assert words in caught.value.message_en
    assert "链接" in caught.value.message_zh


def test_snap_keeps_the_files_digits_when_the_box_agrees() -> None:
    assert sliders.snap_to_baseline(38.22, 38.2238) == 38.2238  # typed back as shown
    assert sliders.snap_to_baseline(38.23, 38.2238) == 38.23  # a real change
    assert sliders.snap_to_baseline(None, 38.2238) is None  # cleared: unknown
    assert sliders.snap_to_baseline(5.0, None) == 5.0


def test_slider_spans_every_threshold_with_room() -> None:
    pols = load_policies()
    found = sliders.figure_thresholds(pols, "sme_output_share_pct")
    values = sorted(x for _, _, x in found)
    lo, hi = sliders.slider_range(0.0, 100.0, values, 0.1)
    assert 0.0 <= lo < values[0] and values[-1] < hi <= 100.0
    assert values[0] - lo >= 5 and hi - values[-1] >= 5
    assert sliders.slider_range(0.0, 100.0, values, 0.1, 99.5)[1] >= 99.5  # a value widens it


def test_threshold_text_names_each_jurisdiction() -> None:
    pols = load_policies()
    found = sliders.figure_thresholds(pols, "sme_output_share_pct")
    assert sliders.threshold_text(pols, found, "%", "zh") == "门槛：广州 >60%｜上海 ≥50%｜海南 ≥60%"
    en = sliders.threshold_text(pols, found, "%", "en")
    assert en == "Thresholds: Guangzhou >60% | Shanghai ≥50% | Hainan ≥60%"


def test_changes_round_as_the_boxes_do() -> None:
    rows = changes(
        {"sme_output_share_pct": 38.2}, {"sme_output_share_pct": 38.223875826644665}, "zh"
    )
    assert rows[0]["before"] == "38.22" and rows[0]["after"] == "38.2"


def test_threshold_text_says_other_units_once() -> None:
    pols = load_policies()
    found = sliders.figure_thresholds(pols, "output_by_year")
    text = sliders.threshold_text(pols, found, "亿元", "zh")
    assert text.startswith("门槛（亿元）：广州 ≥30") and text.count("亿元") == 1


def test_a_sample_link_carries_only_what_differs() -> None:
    edited = {k: v for k, v in SAMPLE.items() if k != "area_km2"}
    edited["sme_output_share_pct"] = 61.0
    changed, removed = link.diff(SAMPLE, edited)
    assert changed == {"sme_output_share_pct": 61.0} and removed == ("area_km2",)
    token = link.encode(link.LinkScenario("sample", changed, None, "", removed))
    assert len(token) < 120
    back = link.decode(token)
    assert link.merge(SAMPLE, back.indicators, back.removed) == link.compact_indicators(edited)
