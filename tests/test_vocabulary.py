"""One vocabulary: each status and verdict colour is written in exactly one source file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.engine.policy import load_policies
from assessment.present import vocabulary as v

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "tests", ".git", "node_modules", "benchmarks"}


def _sources() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if not SKIP_DIRS & set(p.relative_to(ROOT).parts[:-1])]


COLOURS = sorted(
    {
        c
        for table in (v.STATUS_COLOR, v.STATUS_TINT, v.VERDICT_COLOR, v.VERDICT_TINT)
        for c in table.values()
    }
)


@pytest.mark.parametrize("colour", COLOURS)
def test_each_status_colour_is_written_in_one_file(colour: str) -> None:
    """Found with or without '#', in any case (Excel fills are written 'DCEFE0')."""
    pattern = re.compile(re.escape(colour.lstrip("#")), re.IGNORECASE)
    found = [str(p.relative_to(ROOT)) for p in _sources() if pattern.search(p.read_text("utf-8"))]
    assert found == ["assessment/present/vocabulary.py"], (colour, found)


def test_the_grep_sees_the_whole_tree() -> None:
    """The test above would pass on an empty list of files: make sure it reads the outputs."""
    names = {str(p.relative_to(ROOT)) for p in _sources()}
    assert {
        "assessment/present/vocabulary.py",
        "assessment/exports/briefing.py",
        "assessment/exports/report_excel.py",
        "assessment/present/charts.py",
        "assessment/cli/main.py",
        "dashboard/style.py",
        "dashboard/results.py",
        "dashboard/batch.py",
        "streamlit_app.py",
    } <= names


HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")


def test_the_page_writes_no_colour_of_its_own() -> None:
    """Every colour the page uses comes from the vocabulary: no hex code in dashboard/."""
    page = [*sorted((ROOT / "dashboard").glob("*.py")), ROOT / "streamlit_app.py"]
    assert len(page) > 5
    found = {str(p.relative_to(ROOT)): HEX.findall(p.read_text("utf-8")) for p in page}
    assert {k: v for k, v in found.items() if v} == {}


def test_every_status_and_verdict_has_every_word() -> None:
    for lang in v.LANGS:
        assert set(v.STATUS_LABEL[lang]) == set(v.STATUSES)
        assert set(v.VERDICT_LABEL[lang]) == set(v.VERDICTS)
        for key, words in v.WORDS.items():
            assert words[lang], key
    assert set(v.STATUS_MARK) == set(v.STATUS_COLOR) == set(v.STATUS_TINT) == set(v.STATUSES)
    assert set(v.VERDICT_COLOR) == set(v.VERDICT_TINT) == set(v.VERDICT_TONE) == set(v.VERDICTS)


def test_old_names_still_point_at_the_vocabulary() -> None:
    """The page imports these from explain and the exports until it switches over."""
    from assessment.exports import report_excel  # noqa: PLC0415
    from assessment.present import explain  # noqa: PLC0415

    assert explain.STATUS_LABEL is v.STATUS_LABEL
    assert explain.VERDICT_LABEL is v.VERDICT_LABEL
    assert explain.STATUS_MARK is v.STATUS_MARK
    assert explain.STATUS_COLOR is v.STATUS_COLOR
    assert report_excel.UNIT_ZH is v.INDICATOR_UNIT


def test_input_units_are_the_vocabulary_units() -> None:
    """The page's number boxes say the unit every export says (one home: INDICATOR_UNIT)."""
    from assessment.present.labels import FIGURE_INPUTS  # noqa: PLC0415

    for f in FIGURE_INPUTS:
        assert f.unit_zh == v.INDICATOR_UNIT[f.key], f.key
        bounds = (f.min_value, f.max_value, f.step)
        kind = int if f.integer else float  # Streamlit refuses a box that mixes int and float
        assert all(type(b) is kind for b in bounds), (f.key, bounds)


def test_the_output_boxes_say_the_unit_they_take() -> None:
    """The boxes take 亿元; in English that is CNY 100m a step, never billions, never '×100m'."""
    from assessment.present.changes import field_label  # noqa: PLC0415
    from dashboard.inputs_panel import OUTPUT_UNIT  # noqa: PLC0415

    assert field_label("output_by_year", "en") == "Output by year (CNY 100m)"
    assert field_label("output_by_year", "zh") == "各年产值（亿元）"
    assert OUTPUT_UNIT == {"zh": "亿元", "en": "CNY 100m"}
    assert not any("×100m" in p.read_text("utf-8") for p in _sources())


# one declaration, several texts: the words each stricter text adds (README's readings table)
STRICTEST = {
    "operating_body": ("较强治理和服务能力", "governance and service capacity"),
    "policy_full_coverage": ("不漏户、不漏人", "every beneficiary"),
    "development_plan": ("可考核", "assessable"),
    "international_cooperation": ("积极参与", "Active part"),
}


@pytest.mark.parametrize("key", sorted(STRICTEST))
def test_a_shared_question_shows_the_strictest_wording(key: str) -> None:
    from assessment.present.labels import DECLARATION_LABEL  # noqa: PLC0415

    zh, en = STRICTEST[key]
    assert zh in DECLARATION_LABEL[key][0] and en in DECLARATION_LABEL[key][1]
    asked = [p for p in load_policies() if any(c.id == key for c in p.criteria)]
    assert len(asked) >= 2  # shared, so the wording matters
    assert any(zh in c.quote for p in asked for c in p.criteria if c.id == key)
