"""Verdict rules of CONTRACT.md section 3, exemption, applicability, fallbacks, dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import FIELD_ZH, Indicators, TitledEnterprise
from assessment.engine.names import DECLARATION_KEYS, TITLE_KEYS
from assessment.engine.policy import declarations_read, load_policies, route_declarations
from assessment.present.explain import shortfall, value_vs_threshold

DAY = dt.date(2026, 1, 15)
FIXTURE = Path(__file__).parent / "fixtures" / "all_met.json"


def all_met(**changes) -> Indicators:
    """A cluster that meets every criterion of all three jurisdictions, with changes applied."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8")) | changes
    return Indicators.model_validate({k: v for k, v in data.items() if v is not ...})


def verdicts(ind: Indicators, on: dt.date = DAY) -> dict[str, str]:
    return {r.jurisdiction: r.verdict for r in evaluate(ind, on=on).results}


def test_the_fixture_is_eligible_everywhere_and_all_green():
    a = evaluate(all_met(), on=DAY)
    for r in a.results:
        assert r.verdict == "eligible", [
            (c.id, c.status) for c in r.criteria if c.status != "green"
        ]
        assert r.counts["red"] == 0


def test_compliance_failure_makes_every_jurisdiction_not_eligible():
    assert set(verdicts(all_met(no_major_incidents=False)).values()) == {"not_eligible"}


def test_a_missing_figure_makes_it_incomplete_never_eligible():
    ind = all_met(sme_output_share_pct=...)
    v = verdicts(ind)
    assert v == {"guangzhou": "incomplete", "shanghai": "incomplete", "hainan": "incomplete"}
    c = evaluate(ind, on=DAY).result("shanghai").criterion("sme_output_share")
    assert c.meets is None and c.status == "grey"


def test_an_unanswered_declaration_makes_it_incomplete():
    assert verdicts(all_met(development_plan=...))["guangzhou"] == "incomplete"


def test_a_declaration_only_one_jurisdiction_asks_affects_only_that_one():
    v = verdicts(all_met(service_specialist_team=False))  # 第六条（九）only
    assert v == {"guangzhou": "eligible", "shanghai": "not_eligible", "hainan": "eligible"}


def test_not_eligible_outranks_incomplete():
    assert (
        verdicts(all_met(sme_output_share_pct=..., area_km2=150.0))["guangzhou"] == "not_eligible"
    )


def test_soft_criterion_exceeded_stays_eligible_with_amber():
    """上海、海南 “一般不超过100平方公里” is soft; 广州 “不超过100平方公里” is hard."""
    a = evaluate(all_met(area_km2=120.0), on=DAY)
    assert a.result("guangzhou").verdict == "not_eligible"
    for j in ("shanghai", "hainan"):
        r = a.result(j)
        c = r.criterion("area")
        assert r.verdict == "eligible"
        assert c.meets is False and c.status == "amber" and c.soft and "soft_exceeded" in c.flags
        assert c.gap == pytest.approx(20.0)


def test_hainan_growth_exemption():
    """认定标准一 产值年均增速高于5%(新冠疫情等特殊情况影响,该指标不要求)."""
    ind = all_met(output_growth_pct=2.0, growth_exemption_claimed=True)
    a = evaluate(ind, on=DAY)
    c = a.result("hainan").criterion("output_growth")
    assert c.exempted and c.meets is None and c.status == "amber"
    assert a.result("hainan").verdict == "eligible"
    # the exemption is Hainan's alone
    assert a.result("guangzhou").verdict == "not_eligible"
    assert a.result("shanghai").verdict == "not_eligible"
    # without the claim, Hainan fails too
    assert verdicts(all_met(output_growth_pct=2.0))["hainan"] == "not_eligible"
    # exemption also covers missing data
    ind = all_met(output_growth_pct=..., output_by_year=..., growth_exemption_claimed=True)
    c = evaluate(ind, on=DAY).result("hainan").criterion("output_growth")
    assert c.exempted and c.meets is None


def test_met_growth_needs_no_exemption():
    c = (
        evaluate(all_met(growth_exemption_claimed=True), on=DAY)
        .result("hainan")
        .criterion("output_growth")
    )
    assert c.meets is True and not c.exempted


@pytest.mark.parametrize(
    ("flag", "cid"),
    [
        ("energy_intensive_industry", "energy_efficiency_above_benchmark"),
        ("water_intensive_industry", "water_efficiency_above_benchmark"),
    ],
)
def test_conditional_criteria_not_applicable_when_condition_false(flag, cid):
    """属于高耗能（高用水）行业的集群，能效（水效）水平高于行业基准值."""
    a = evaluate(all_met(**{flag: False, cid: False}), on=DAY)
    for j in ("shanghai", "hainan"):
        c = a.result(j).criterion(cid)
        assert not c.applicable and c.meets is None and c.status == "grey"
        assert a.result(j).verdict == "eligible"
    a = evaluate(all_met(**{flag: True, cid: False}), on=DAY)
    assert a.result("shanghai").verdict == "not_eligible"
    # CONTRACT.md section 1 (ed. 2): unanswered intensity -> unknown, never a pass
    a = evaluate(all_met(**{flag: ..., cid: ...}), on=DAY)
    for j in ("shanghai", "hainan"):
        c = a.result(j).criterion(cid)
        assert c.applicable and c.meets is None and c.status == "grey"
        assert FIELD_ZH[flag] in c.note and flag in c.note_en
        assert a.result(j).verdict == "incomplete"
    # ... unless the benchmark answer is true: met either way, with a note
    a = evaluate(all_met(**{flag: ..., cid: True}), on=DAY)
    for j in ("shanghai", "hainan"):
        c = a.result(j).criterion(cid)
        assert c.meets is True and c.status == "green" and FIELD_ZH[flag] in c.note
        assert a.result(j).verdict == "eligible"


def test_a_passing_whole_cluster_stand_in_is_an_indication_not_a_pass():
    """CONTRACT section 1 (ed. 2): meets null, amber, note says it would meet; verdict unknown."""
    ind = all_met(sme_industrial_internet_adoption_pct=..., industrial_internet_adoption_pct=40.0)
    r = evaluate(ind, on=DAY).result("shanghai")
    c = r.criterion("industrial_internet_adoption")
    assert c.meets is None and c.status == "amber" and "fallback_basis" in c.flags
    assert c.basis == "industrial_internet_adoption_pct" and c.value == 40.0
    assert "仅有全集群数据：40 %" in c.note and "按此可达标" in c.note
    assert "would meet" in c.note_en
    assert r.verdict == "incomplete"


def test_either_or_counts_distinct_enterprises_when_listed():
    """An enterprise holding two titles is one 家."""
    zero = dict.fromkeys(
        (
            "national_champions",
            "provincial_champions",
            "municipal_champions",
            "little_giants",
            "chain_leaders",
        ),
        0,
    )
    dual = [TitledEnterprise(titles=["specialized_smes", "high_tech_enterprises"])] * 4
    # per-title counts say 4 + 4 = 8 >= 5, but only 4 enterprises exist
    ind = all_met(
        **zero,
        specialized_smes=4,
        high_tech_enterprises=4,
        innovative_smes=0,
        titled_enterprises=[e.model_dump() for e in dual],
    )
    c = evaluate(ind, on=DAY).result("hainan").criterion("enterprise_tiers")
    assert c.meets is False and c.value == 4 and c.tiers[1].count == 4 and c.gap == 1
    ind = all_met(
        **zero,
        specialized_smes=4,
        high_tech_enterprises=4,
        innovative_smes=0,
        titled_enterprises=...,
    )
    c = evaluate(ind, on=DAY).result("hainan").criterion("enterprise_tiers")
    assert c.meets is True and c.status == "amber" and "assumes_no_overlap" in c.flags


def test_leading_industry_only_arm_ignores_other_industries():
    te = [{"titles": ["little_giants"], "leading_industry": False}]
    zero = dict.fromkeys(TITLE_KEYS, 0)
    c = (
        evaluate(all_met(**zero, titled_enterprises=te), on=DAY)
        .result("guangzhou")
        .criterion("enterprise_tiers")
    )
    assert c.meets is False
    te = [{"titles": ["little_giants"], "leading_industry": True}]
    c = (
        evaluate(all_met(**zero, titled_enterprises=te), on=DAY)
        .result("guangzhou")
        .criterion("enterprise_tiers")
    )
    assert c.meets is True


def test_near_threshold_is_amber_but_meets():
    c = (
        evaluate(all_met(sme_output_share_pct=61.0), on=DAY)
        .result("guangzhou")
        .criterion("sme_output_share")
    )
    assert c.meets is True and c.status == "amber" and "near_threshold" in c.flags


@pytest.mark.parametrize(
    ("on", "jurisdiction", "in_force"),
    [
        (dt.date(2024, 12, 29), "guangzhou", False),
        (dt.date(2024, 12, 30), "guangzhou", True),
        (dt.date(2027, 12, 29), "guangzhou", True),
        (dt.date(2027, 12, 30), "guangzhou", False),
        (dt.date(2024, 2, 21), "shanghai", False),
        (dt.date(2029, 2, 21), "shanghai", True),
        (dt.date(2029, 2, 22), "shanghai", False),
        (dt.date(2023, 5, 22), "hainan", False),
        (dt.date(2040, 1, 1), "hainan", True),
    ],
)
def test_in_force_dates_give_a_visible_warning(on, jurisdiction, in_force):
    r = evaluate(all_met(), on=on).result(jurisdiction)
    assert r.policy.in_force is in_force
    assert bool(r.warnings) is (not in_force)
    assert r.policy.version  # which policy version judged


def test_every_declaration_is_asked_by_some_jurisdiction_or_is_a_condition():
    """Read by a criterion (as its answer, its applies_if or its exemption) or opening a route."""
    policies = load_policies()
    asked = {k for p in policies for c in p.criteria for k in declarations_read(c)}
    opens_a_route = {k for p in policies for k in route_declarations(p)}
    assert (
        set(DECLARATION_KEYS) - asked
        == opens_a_route
        == {
            "recognized_national_cluster",
            "recognized_provincial_cluster",
        }
    )


def test_titled_enterprise_without_leading_industry_flag_is_unknown_not_a_fail():
    """Missing data makes a criterion unknown, never a fail (CONTRACT.md section 1)."""
    zero = dict.fromkeys(TITLE_KEYS, 0)
    te = [{"titles": ["little_giants"]}]
    a = evaluate(all_met(**zero, titled_enterprises=te), on=DAY)
    for r in a.results:
        c = r.criterion("enterprise_tiers")
        assert c.meets is None and c.status == "grey", r.jurisdiction
        assert r.verdict == "incomplete"


def test_a_failing_whole_cluster_stand_in_is_an_indication_not_a_fail():
    """CONTRACT section 1 (ed. 2): a whole-cluster 14 per 10k proves nothing about SMEs alone."""
    ind = all_met(
        sme_invention_patents_per_10k_employees=..., invention_patents_per_10k_employees=14.0
    )
    r = evaluate(ind, on=DAY).result("shanghai")
    c = r.criterion("invention_patents_per_10k")
    assert c.meets is None and c.status == "amber" and "fallback_basis" in c.flags
    assert c.gap is None and "仅有全集群数据：14 件/万人" in c.note and "按此亦未达标" in c.note
    assert "would not meet" in c.note_en
    assert r.verdict == "incomplete"
    # Guangzhou and Hainan read the whole-cluster figure itself: there it decides
    assert evaluate(ind, on=DAY).result("guangzhou").verdict == "not_eligible"


def test_exactly_at_a_strict_threshold_is_flagged():
    c = (
        evaluate(all_met(sme_output_share_pct=60.0), on=DAY)
        .result("guangzhou")
        .criterion("sme_output_share")
    )
    assert c.meets is False and c.gap == 0 and "at_strict_threshold" in c.flags


@pytest.mark.parametrize(
    ("jurisdiction", "needed"), [("guangzhou", 10), ("shanghai", 10), ("hainan", 5)]
)
def test_little_giants_outside_the_leading_industry_count_as_specialised_smes(jurisdiction, needed):
    """A 小巨人 is a 专精特新中小企业 of the top tier: it counts in the second arm (policy reading)."""
    zero = dict.fromkeys(TITLE_KEYS, 0)
    te = [{"titles": ["little_giants"], "leading_industry": False}] * needed
    c = (
        evaluate(all_met(**zero, titled_enterprises=te), on=DAY)
        .result(jurisdiction)
        .criterion("enterprise_tiers")
    )
    assert c.meets is True and c.tiers[0].count == 0 and c.tiers[1].count == needed
    te = te[:-1]
    c = (
        evaluate(all_met(**zero, titled_enterprises=te), on=DAY)
        .result(jurisdiction)
        .criterion("enterprise_tiers")
    )
    assert c.meets is False


def test_tiers_show_the_arm_furthest_along():
    """6 of the 10 specialised/high-tech enterprises, not '0 < 1' champions."""
    zero = dict.fromkeys(TITLE_KEYS, 0)
    c = (
        evaluate(all_met(**(zero | {"high_tech_enterprises": 6})), on=DAY)
        .result("guangzhou")
        .criterion("enterprise_tiers")
    )
    assert c.meets is False and c.value == 6 and c.threshold == 10 and c.gap == 4
    assert value_vs_threshold(c) == "6 < 10 家"
    words = shortfall(c)
    assert "0/1 家" in words and "6/10 家" in words and "满足其一即可" in words


def test_a_value_reads_the_same_in_every_column():
    """9.98 % is not '10.0% > 5%' beside '9.98% < 10%'."""
    a = evaluate(all_met(output_growth_pct=9.98), on=DAY)
    shown = {r.jurisdiction: value_vs_threshold(r.criterion("output_growth")) for r in a.results}
    assert shown == {"guangzhou": "9.98% > 5%", "shanghai": "9.98% < 10%", "hainan": "9.98% > 5%"}


def test_compliance_from_member_rows_carries_its_derivation():
    """The rows that report an incident are named where the compliance result is shown."""
    d = {
        "description_zh": "第 13, 14 行报告了重大事故或违法失信",
        "description_en": "rows 13, 14",
        "columns": ["major_incident"],
        "enterprises": 20,
    }
    c = (
        evaluate(all_met(no_major_incidents=False, derivations={"no_major_incidents": d}), on=DAY)
        .result("hainan")
        .criterion("compliance")
    )
    assert c.derivation is not None and "13" in c.derivation.description_zh
