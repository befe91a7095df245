"""Property tests: monotone thresholds, unknown never passes, evaluation never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine.evaluate import evaluate, judge, margin_of, screen
from assessment.engine.indicators import Indicators, TitledEnterprise
from assessment.engine.names import DECLARATION_KEYS, TITLE_KEYS
from assessment.engine.policy import ThresholdCriterion, load_policies

POLICIES = load_policies()
MARGIN = {id(c): margin_of(p) for p in POLICIES for c in p.criteria}  # each policy's own
THRESHOLD_CRITERIA = [c for p in POLICIES for c in p.criteria if isinstance(c, ThresholdCriterion)]
DAY = dt.date(2026, 1, 15)

pct = st.floats(0, 100, allow_nan=False)
growth = st.floats(-100, 1000, allow_nan=False)
nonneg = st.floats(0, 1e6, allow_nan=False)
count = st.integers(0, 500)


def _maybe(strategy):
    return st.none() | strategy


years = st.integers(2015, 2024).flatmap(
    lambda first: st.integers(1, 5).flatmap(
        lambda n: st.lists(st.floats(0, 5000, allow_nan=False), min_size=n, max_size=n).map(
            lambda vals: {str(first + i): v for i, v in enumerate(vals)}
        )
    )
)

FIELDS = {
    "area_km2": nonneg,
    "output_by_year": years,
    "output_growth_pct": growth,
    "sme_output_share_pct": pct,
    "leading_industry_output_share_pct": pct,
    "sme_rd_growth_pct": growth,
    "invention_patent_growth_pct": growth,
    "sme_invention_patent_growth_pct": growth,
    "invention_patents_per_10k_employees": nonneg,
    "sme_invention_patents_per_10k_employees": nonneg,
    "industrial_internet_adoption_pct": pct,
    "sme_industrial_internet_adoption_pct": pct,
    "innovation_platforms": count,
    "standards_participated": count,
    **dict.fromkeys(TITLE_KEYS, count),
    **dict.fromkeys(DECLARATION_KEYS, st.booleans()),
    "titled_enterprises": st.lists(
        st.fixed_dictionaries(
            {
                "titles": st.lists(
                    st.sampled_from(TITLE_KEYS), min_size=1, max_size=3, unique=True
                ),
                "leading_industry": st.booleans(),
            },
            optional={"count": st.integers(1, 20)},  # edition 2: grouped entries
        ),
        max_size=15,
    ),
}

indicators = st.fixed_dictionaries({}, optional=dict(FIELDS)).map(Indicators.model_validate)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indicators)
def test_evaluation_never_raises_and_unknown_never_passes(ind: Indicators):
    a = evaluate(ind, POLICIES, DAY)
    for r in a.results:
        for c in r.criteria:
            if c.meets is True:
                assert c.value is not None and c.value is not False, (r.jurisdiction, c.id)
            if c.value is None and not c.exempted and c.kind != "tiers":
                assert c.meets is None
            shown_anyway = c.exempted or "fallback_basis" in c.flags  # amber with meets null
            assert (c.status == "grey") == (c.meets is None and not shown_anyway)
        if r.verdict == "eligible" and r.route is None:  # a route (广州 1.6) decides alone
            assert all(
                c.meets is True or not c.applicable or c.exempted or c.soft for c in r.criteria
            )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    indicators, st.sampled_from(THRESHOLD_CRITERIA), st.floats(0, 1000, allow_nan=False), st.data()
)
def test_moving_a_figure_the_right_way_never_unmeets(ind, criterion, delta, data):
    """Raising a figure with a '>'/'>=' threshold (lowering one with '<=') keeps a met test met."""
    before = judge(criterion, ind, MARGIN[id(criterion)])
    if criterion.indicator == "output_by_year":
        if not ind.output_by_year:
            return
        bumped = {y: v + delta for y, v in ind.output_by_year.items()}
        changes = {"output_by_year": bumped}
    elif before.basis == "output_by_year":  # growth derived from output: raise the latest year
        assert ind.output_by_year is not None
        latest = max(ind.output_by_year)
        changes = {
            "output_by_year": ind.output_by_year | {latest: ind.output_by_year[latest] + delta}
        }
    else:
        field = before.basis or criterion.indicator
        current = getattr(ind, field)
        if current is None:
            current = data.draw(FIELDS[field])
        sign = -1 if criterion.operator == "<=" else 1
        new = current + sign * (int(delta) if isinstance(current, int) else delta)
        spec = Indicators.model_fields[field].metadata
        lo = next((m.ge for m in spec if hasattr(m, "ge")), None)
        hi = next((m.le for m in spec if hasattr(m, "le")), None)
        if lo is not None:
            new = max(new, lo)
        if hi is not None:
            new = min(new, hi)
        changes = {field: new, "output_growth_pct": ind.output_growth_pct}
        if field == "output_growth_pct":
            changes[field] = new
    after = judge(criterion, ind.model_copy(update=changes), MARGIN[id(criterion)])
    if before.meets is True:
        assert after.meets is True, (criterion.id, before.value, after.value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indicators)
def test_screen_agrees_with_evaluate(ind: Indicators):
    """The batch fast path gives exactly the verdicts and statuses of the full evaluation."""
    full = evaluate(ind, POLICIES, DAY)
    fast = screen(ind, POLICIES)
    for r in full.results:
        verdict, statuses = fast[r.jurisdiction]
        assert verdict == r.verdict
        assert statuses == {c.id: c.status for c in r.criteria}


TIERS = [c for p in POLICIES for c in p.criteria if c.kind == "tiers"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    indicators,
    st.sampled_from(TIERS),
    st.sampled_from(TITLE_KEYS),
    st.integers(1, 20),
    st.booleans(),
)
def test_more_titled_enterprises_never_unmeet_the_tiers(ind, criterion, title, extra, leading):
    """Adding enterprises holding a title (or raising its count) keeps a met tier test met."""
    before = judge(criterion, ind, MARGIN[id(criterion)])
    if ind.titled_enterprises is not None:
        added = [{"titles": [title], "leading_industry": leading}] * extra
        update = {
            "titled_enterprises": [*ind.titled_enterprises, *(TitledEnterprise(**a) for a in added)]
        }
    else:
        update = {title: (getattr(ind, title) or 0) + extra}
    after = judge(criterion, ind.model_copy(update=update), MARGIN[id(criterion)])
    if before.meets is True:
        assert after.meets is True
