"""Edition 2 across the three jurisdictions at once: split declarations, routes, old files.

Per-jurisdiction boundary cases live in policies/cases/ (tests/test_policy_cases.py); these tests
compare the jurisdictions with each other, which one cases file cannot.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assessment.engine.evaluate import evaluate, screen
from assessment.engine.indicators import Indicators, indicators_from_json
from assessment.engine.names import TITLE_KEYS
from assessment.engine.policy import load_policies
from assessment.present.inputs import without_derivable_growth

DAY = dt.date(2026, 1, 15)
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "all_met.json").read_text("utf-8"))
EVERYWHERE = {"guangzhou", "shanghai", "hainan"}

# CONTRACT section 1 (ed. 2), "asked by": who fails when the answer is no
ASKED_BY = {
    "gradient_cultivation": EVERYWHERE,
    "within_county_level_area": EVERYWHERE,
    "cloud_platform_results": {"shanghai", "hainan"},
    "new_models_innovation": {"shanghai", "hainan"},
    "key_link_support": {"hainan"},
    "public_service_system": {"hainan"},
    "digital_services_introduced": {"hainan"},
    "green_indicators_sound": {"shanghai", "hainan"},
    "public_service_institution": {"guangzhou", "shanghai"},
    "digital_diagnosis": {"shanghai"},
    "green_development": {"guangzhou"},
    "international_cooperation": {"guangzhou", "shanghai"},  # 海南 accepts domestic instead
    "domestic_cooperation": set(),  # 海南 accepts international instead; no one else asks it
    "recognized_national_cluster": set(),  # routes, not criteria
    "recognized_provincial_cluster": set(),
}


def _verdicts(data: dict) -> dict[str, str]:
    ind = indicators_from_json(json.dumps(data))
    return {r.jurisdiction: r.verdict for r in evaluate(ind, on=DAY).results}


@pytest.mark.parametrize(("key", "asked_by"), ASKED_BY.items(), ids=list(ASKED_BY))
def test_a_declaration_false_fails_exactly_the_jurisdictions_that_ask_it(key, asked_by):
    got = _verdicts(FIXTURE | {key: False})
    assert {j for j, v in got.items() if v == "not_eligible"} == asked_by
    assert {j for j, v in got.items() if v == "eligible"} == EVERYWHERE - asked_by


def test_hainan_cooperation_needs_both_answers_no_to_fail():
    both_no = FIXTURE | {"international_cooperation": False, "domestic_cooperation": False}
    assert _verdicts(both_no)["hainan"] == "not_eligible"


@pytest.mark.parametrize("route", ["recognized_national_cluster", "recognized_provincial_cluster"])
def test_a_route_opens_guangzhou_only_and_is_named_in_the_json(route):
    data = FIXTURE | {route: True, "sme_output_share_pct": 50.0}
    a = evaluate(indicators_from_json(json.dumps(data)), on=DAY)
    gz = a.result("guangzhou")
    assert gz.verdict == "eligible" and gz.route is not None and gz.route.id == route
    assert gz.route.clause == "1.6" and "自动认定为市级集群" in gz.route.quote
    assert gz.criterion("sme_output_share").status == "red"  # still judged and shown
    assert a.result("hainan").verdict == "not_eligible" and a.result("hainan").route is None
    dumped = json.loads(a.model_dump_json())["results"][0]
    assert dumped["route"]["id"] == route and dumped["verdict"] == "eligible"
    fast = screen(indicators_from_json(json.dumps(data)), load_policies())
    assert fast["guangzhou"][0] == "eligible" and fast["hainan"][0] == "not_eligible"


def test_a_route_does_not_survive_a_compliance_failure():
    data = FIXTURE | {"recognized_provincial_cluster": True, "no_major_incidents": False}
    gz = evaluate(indicators_from_json(json.dumps(data)), on=DAY).result("guangzhou")
    assert gz.verdict == "not_eligible" and gz.route is not None
    assert gz.route.id == "recognized_provincial_cluster"


def test_an_edition_1_scenario_file_loads_and_evaluates_the_same():
    """Titled entries without `count`, one per enterprise, read as grouped entries would."""
    zero = dict.fromkeys(TITLE_KEYS, 0)
    old = FIXTURE | zero
    old["titled_enterprises"] = [
        {"titles": ["specialized_smes", "high_tech_enterprises"], "leading_industry": False}
    ] * 7 + [{"titles": ["little_giants"], "leading_industry": True}]
    new = FIXTURE | zero
    new["titled_enterprises"] = [
        {
            "titles": ["specialized_smes", "high_tech_enterprises"],
            "leading_industry": False,
            "count": 7,
        },
        {"titles": ["little_giants"], "leading_industry": True, "count": 1},
    ]
    a_old = evaluate(indicators_from_json(json.dumps(old)), on=DAY)
    a_new = evaluate(indicators_from_json(json.dumps(new)), on=DAY)
    for r_old, r_new in zip(a_old.results, a_new.results, strict=True):
        assert r_old.verdict == r_new.verdict
        for c_old, c_new in zip(r_old.criteria, r_new.criteria, strict=True):
            assert (c_old.id, c_old.meets, c_old.status, c_old.value, c_old.tiers) == (
                c_new.id,
                c_new.meets,
                c_new.status,
                c_new.value,
                c_new.tiers,
            )
    tiers = a_old.result("hainan").criterion("enterprise_tiers")
    assert tiers.tiers[1].count == 8  # 7 + the little giant, each enterprise once


def test_a_growth_equal_to_the_three_year_growth_is_left_to_the_engine():
    """The page drops a stored growth that is just 近三年's, so what-if edits of the years count."""
    years = {"2021": 50.0, "2022": 100.0, "2023": 110.0, "2024": 121.0}
    three_year = Indicators(output_by_year=years, output_growth_pct=10.0)
    assert without_derivable_growth(three_year).output_growth_pct is None
    all_years = Indicators(output_by_year=years, output_growth_pct=34.1)  # (121/50)^(1/3) - 1
    assert without_derivable_growth(all_years).output_growth_pct == 34.1
