"""Every policy file loads, cites its source verbatim, and a broken one is refused by name."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import Indicators
from assessment.engine.policy import (
    DEFAULT_POLICY_DIR,
    ThresholdCriterion,
    leading_industry_only_titles,
    load_policies,
    load_policy,
)
from assessment.errors import PolicyFileError

SOURCES = DEFAULT_POLICY_DIR / "sources"
SHARED = DEFAULT_POLICY_DIR.parent.parent / "shared" / "policy-sources"
POLICY_FILES = sorted(DEFAULT_POLICY_DIR.glob("*.toml"))


def test_the_three_jurisdictions_load_in_display_order():
    assert [p.id for p in load_policies()] == ["guangzhou", "shanghai", "hainan"]


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_every_quote_is_verbatim_in_its_source(path: Path):
    policy = load_policy(path)
    source = (SOURCES / policy.document.source_file).read_text(encoding="utf-8")
    for c in policy.criteria:
        assert c.quote in source, f"{path.name}: {c.id} quote not found verbatim"
    for r in policy.routes:
        assert r.quote in source, f"{path.name}: route {r.id} quote not found verbatim"


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_every_threshold_is_written_in_its_quote(path: Path):
    policy = load_policy(path)
    for c in policy.criteria:
        numbers = {int(n) for n in re.findall(r"\d+", c.quote)}
        if isinstance(c, ThresholdCriterion):
            assert int(c.threshold) == c.threshold and int(c.threshold) in numbers, c.id
        elif c.kind == "tiers":
            for g in c.groups:
                assert g.min_count in numbers, (c.id, g.min_count)


def test_in_repo_sources_match_shared_copy_where_present():
    if not SHARED.is_dir():
        pytest.skip("../shared/policy-sources is not beside this clone")
    for f in SOURCES.glob("*.txt"):
        assert f.read_bytes() == (SHARED / f.name).read_bytes(), f.name


def _write(tmp_path: Path, name: str, text: str) -> Path:
    d = tmp_path / "pol"
    d.mkdir(exist_ok=True)
    p = d / name
    p.write_text(text, encoding="utf-8")
    return p


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (DEFAULT_POLICY_DIR / "guangzhou.toml").read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, "guangzhou.toml", text.replace(old, new, 1))


def test_soft_criteria_carry_their_own_wording_from_the_quote(tmp_path: Path):
    """一般不超过 is read from the policy file (soft_wording, checked against the quote)."""
    soft = [c for p in load_policies() for c in p.criteria if c.soft]
    assert soft and all(c.soft_wording and c.soft_wording in c.quote for c in soft)
    text = (DEFAULT_POLICY_DIR / "shanghai.toml").read_text(encoding="utf-8")
    p = _write(
        tmp_path,
        "shanghai.toml",
        text.replace('soft_wording = "一般不超过"', 'soft_wording = "原则上"'),
    )
    with pytest.raises(PolicyFileError, match="soft_wording"):
        load_policy(p)


def test_leading_industry_only_titles_come_from_the_policy_files():
    assert leading_industry_only_titles() == (
        "national_champions",
        "provincial_champions",
        "municipal_champions",
        "little_giants",
    )
    guangzhou = tuple(p for p in load_policies() if p.id == "guangzhou")
    assert leading_industry_only_titles(guangzhou) == ("national_champions", "little_giants")


def test_a_typo_key_is_refused_naming_file_criterion_and_key(tmp_path: Path):
    p = _broken(tmp_path, 'operator = ">"\nthreshold = 60', 'operater = ">"\nthreshold = 60')
    with pytest.raises(PolicyFileError) as exc:
        load_policy(p)
    msg = exc.value.message_en
    assert "guangzhou.toml" in msg and "sme_output_share" in msg and "operater" in msg


def test_an_unknown_operator_is_refused(tmp_path: Path):
    p = _broken(tmp_path, 'operator = ">"\nthreshold = 60', 'operator = "≥"\nthreshold = 60')
    with pytest.raises(PolicyFileError, match=r"sme_output_share.*operator"):
        load_policy(p)


def test_a_missing_quote_is_refused(tmp_path: Path):
    p = _broken(tmp_path, 'quote = "中小企业产值占集群总产值高于60%"\n', "")
    with pytest.raises(PolicyFileError, match=r"sme_output_share.*quote"):
        load_policy(p)


def test_invalid_toml_is_refused(tmp_path: Path):
    p = _write(tmp_path, "x.toml", "[document\n")
    with pytest.raises(PolicyFileError, match="not valid TOML"):
        load_policy(p)


def test_an_empty_policy_directory_is_refused(tmp_path: Path):
    with pytest.raises(PolicyFileError, match="no policy files"):
        load_policies(tmp_path)


FOURTH = """
[document]
jurisdiction = "testshire"
name_zh = "测试市"
name_en = "Testshire"
title_zh = "测试办法"
title_en = "Test measures"
issuer_zh = "测试局"
issuer_en = "Test bureau"
issued = 2025-01-01
in_force_from = 2025-01-01
territorial_level = "县级"
source_file = "none.txt"
version = "2025-01-01"
near_margin = 0.2

[document.near_margin_basis]
zh = "测试用"
en = "for the test"

[[criteria]]
id = "sme_output_share"
kind = "threshold"
dimension = "核心竞争力"
name_zh = "中小企业产值占比"
name_en = "SME share"
indicator = "sme_output_share_pct"
operator = ">="
threshold = 70
unit = "%"
clause = "1"
quote = "中小企业产值占比70%以上"
"""


def test_a_fourth_jurisdiction_is_one_more_file(tmp_path: Path):
    d = tmp_path / "pol"
    shutil.copytree(DEFAULT_POLICY_DIR, d, ignore=shutil.ignore_patterns("sources"))
    (d / "testshire.toml").write_text(FOURTH, encoding="utf-8")
    policies = load_policies(d)
    assert [p.id for p in policies][-1] == "testshire"
    result = evaluate(Indicators(sme_output_share_pct=69.9), policies).result("testshire")
    assert result.criteria[0].meets is False and result.verdict == "not_eligible"
    result = evaluate(Indicators(sme_output_share_pct=70), policies).result("testshire")
    assert result.verdict == "eligible"
