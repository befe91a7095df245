"""The fictional sample clusters: members.csv reproduces indicators.json; the verdicts teach."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import indicators_from_json
from assessment.members.aggregate import aggregate_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
DAY = dt.date(2025, 6, 30)

EXPECTED = {  # slug -> verdict per jurisdiction, and the criteria that fail (red)
    "yunxi-sensors": {
        "guangzhou": ("eligible", set()),
        "shanghai": ("eligible", set()),
        "hainan": ("eligible", set()),
    },
    "songhe-fasteners": {
        "guangzhou": ("not_eligible", {"sme_output_share"}),
        "shanghai": ("eligible", set()),
        "hainan": ("eligible", set()),
    },
    "qionglan-tropical-food": {
        "guangzhou": (
            "not_eligible",
            {
                "output_scale",
                "enterprise_tiers",
                "sme_rd_growth",
                "invention_patent_growth",
                "invention_patents_per_10k",
                "industrial_internet_adoption",
            },
        ),
        "shanghai": (
            "not_eligible",
            {
                "output_scale",
                "output_growth",
                "enterprise_tiers",
                "standards_participated",
                "invention_patent_growth",
                "invention_patents_per_10k",
                "industrial_internet_adoption",
            },
        ),
        "hainan": ("eligible", set()),
    },
    "linjiang-ev-parts": {
        "guangzhou": (
            "not_eligible",
            {
                "sme_output_share",
                "leading_industry_share",
                "sme_rd_growth",
                "invention_patent_growth",
                "invention_patents_per_10k",
                "industrial_internet_adoption",
            },
        ),
        "shanghai": ("eligible", set()),
        "hainan": ("not_eligible", {"sme_output_share", "leading_industry_share"}),
    },
    "tongwan-smart-lighting": {  # 广州 by route 1.6 (already recognised provincially)
        "guangzhou": ("eligible", {"sme_rd_growth"}),
        "shanghai": ("eligible", set()),
        "hainan": ("eligible", set()),
    },
}
ROUTES = {"tongwan-smart-lighting": {"guangzhou": "recognized_provincial_cluster"}}


def test_index_lists_every_sample_folder():
    index = tomllib.loads((SAMPLES / "clusters.toml").read_text(encoding="utf-8"))["clusters"]
    assert [c["slug"] for c in index] == list(EXPECTED)
    for c in index:
        assert "虚构" in c["name_zh"] and "fictional" in c["name_en"]
        assert c["description_zh"] and c["description_en"]


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_members_reproduce_indicators(slug):
    data = (SAMPLES / slug / "members.csv").read_bytes()
    stored = json.loads((SAMPLES / slug / "indicators.json").read_text(encoding="utf-8"))
    assert "虚构" in stored["cluster_name"]
    computed = aggregate_file(data, "members.csv").model_dump(
        mode="json", exclude_none=True, exclude={"derivations", "cluster_name"}
    )
    assert 80 <= sum(1 for _ in data.splitlines()) - 1 <= 400
    for key, value in computed.items():
        assert stored[key] == value, key


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_verdicts_disagree_as_intended(slug):
    ind = indicators_from_json((SAMPLES / slug / "indicators.json").read_text(encoding="utf-8"))
    result = evaluate(ind, on=DAY)
    for jurisdiction, (verdict, red) in EXPECTED[slug].items():
        r = result.result(jurisdiction)
        assert r.verdict == verdict, jurisdiction
        assert {c.id for c in r.criteria if c.meets is False} == red, jurisdiction
        route = ROUTES.get(slug, {}).get(jurisdiction)
        assert (r.route.id if r.route else None) == route, jurisdiction


def test_gbk_sample_is_really_gbk():
    data = (SAMPLES / "songhe-fasteners" / "members.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    data.decode("gbk")


def test_command_line_aggregates_a_sample():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessment",
            "aggregate",
            str(SAMPLES / "songhe-fasteners" / "members.csv"),
            "--no-derivations",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sme_output_share_pct"] == 60.0
