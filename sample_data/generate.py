"""Regenerate the fictional sample clusters: `uv run python sample_data/generate.py`.

Every enterprise, name, credit code and figure here is invented (虚构). Each cluster is built
backwards from exact targets (yearly output, SME and leading-industry shares, R&D and patent growth,
patents per 10k employees, adoption, titles), so that the three jurisdictions disagree in the ways
sample_data/README.md describes. The member file is then aggregated by the real code to write
indicators.json, plus the figures member data cannot carry (area, platforms, standards,
declarations).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from assessment.engine.names import DECLARATION_KEYS  # noqa: E402
from assessment.members.aggregate import aggregate_file  # noqa: E402

YEARS = (2022, 2023, 2024)
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
BRAND = list("恒瑞鑫宏泰华盛达裕丰嘉诚通联宇晟凯锐博冠德信安祥和源辰昊融创俊毅鼎隆弘")


@dataclass
class Plan:
    """Targets for one fictional cluster (money in 万元, shares as exact fractions)."""

    slug: str
    name_zh: str
    name_en: str
    place: str
    province: str  # two-digit prefix for the invented credit codes
    industry_words: list[str]
    encoding: str
    seed: int
    smes: int
    large: int
    output_yi: tuple[Fraction, ...]  # per year, 亿元
    sme_share: Fraction
    leading_share: Fraction
    sme_rd: tuple[int, int, int]  # SME R&D totals per year, 万元 (2 decimals allowed as Fraction)
    patents_all: tuple[int, int, int]
    patents_sme: tuple[int, int, int]
    employees_sme: int
    employees_large: int
    adopters_sme: int
    adopters_large: int
    titles: list[tuple[str, bool]]  # (资质 cell, must be in the leading industry)
    extra: dict[str, object] = field(default_factory=dict)


def _split(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` that add up to `total` exactly (largest remainder)."""
    share = weights / weights.sum() * total
    base = np.floor(share).astype(np.int64)
    rest = total - int(base.sum())
    base[np.argsort(share - base)[::-1][:rest]] += 1
    return base


def _codes(rng: np.random.Generator, n: int, province: str) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        body = (
            "91"
            + province
            + "".join(rng.choice(list("0123456789"), 4))
            + "".join(rng.choice(list(CODE_CHARS), 9))
        )
        total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
        code = body + CODE_CHARS[(31 - total % 31) % 31]
        if code not in seen:
            seen.add(code)
            out.append(code)
    return out


def _names(rng: np.random.Generator, plan: Plan, n: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    suffixes = ["有限公司", "股份有限公司", "科技有限公司"]
    while len(out) < n:
        brand = "".join(rng.choice(BRAND, 2))
        word = rng.choice(plan.industry_words)
        name = f"{plan.place}{brand}{word}{rng.choice(suffixes, p=[0.6, 0.1, 0.3])}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _cents(yi: Fraction) -> int:
    cents = yi * 10_000 * 100
    assert cents.denominator == 1, yi
    return int(cents)


def build(plan: Plan) -> pd.DataFrame:
    """The member table of one plan, hitting every target exactly."""
    rng = np.random.default_rng(plan.seed)
    n = plan.smes + plan.large
    sme = np.array([True] * plan.smes + [False] * plan.large)
    totals = [_cents(y) for y in plan.output_yi]
    latest = totals[-1]
    sme_total = latest * plan.sme_share
    lead_total = latest * plan.leading_share
    assert sme_total.denominator == 1 and lead_total.denominator == 1
    big_total = latest - int(sme_total)
    # leading industry: all large enterprises but the last, and enough SMEs to hit the share
    big_w = rng.uniform(1.0, 2.0, plan.large)
    big_latest = _split(big_total, big_w)
    lead = np.zeros(n, dtype=bool)
    lead[plan.smes : n - 1] = True
    lead_sme_target = int(lead_total) - int(big_latest[:-1].sum())
    assert 0 < lead_sme_target < int(sme_total), plan.slug
    sme_w = rng.lognormal(0, 0.9, plan.smes)
    order = rng.permutation(plan.smes)
    n_lead = max(1, round(plan.smes * lead_sme_target / int(sme_total)))
    lead[order[:n_lead]] = True
    lead_part = _split(lead_sme_target, sme_w[order[:n_lead]])
    other_part = _split(int(sme_total) - lead_sme_target, sme_w[order[n_lead:]])
    latest_cents = np.zeros(n, dtype=np.int64)
    latest_cents[order[:n_lead]] = lead_part
    latest_cents[order[n_lead:]] = other_part
    latest_cents[plan.smes :] = big_latest
    outputs = {YEARS[-1]: latest_cents}
    for i in range(len(YEARS) - 2, -1, -1):  # earlier years: each firm's own growth, exact totals
        growth = rng.uniform(0.9, 1.25, n)
        outputs[YEARS[i]] = _split(totals[i], outputs[YEARS[i + 1]] / growth)
    rd = {}
    for i, year in enumerate(YEARS):
        sme_rd = _split(
            _cents(Fraction(plan.sme_rd[i]) / 10_000),
            outputs[year][: plan.smes] * rng.uniform(0.5, 1.5, plan.smes),
        )
        big_rd = (outputs[year][plan.smes :] * 0.035).round().astype(np.int64)
        rd[year] = np.concatenate([sme_rd, big_rd])
    patents = _patents(rng, plan, outputs[YEARS[-1]])
    staff = np.concatenate(
        [
            np.maximum(
                _split(plan.employees_sme - 5 * plan.smes, latest_cents[: plan.smes]) + 5, 5
            ),
            _split(plan.employees_large, big_latest),
        ]
    )
    uses = np.zeros(n, dtype=bool)
    uses[rng.choice(plan.smes, plan.adopters_sme, replace=False)] = True
    uses[plan.smes : plan.smes + plan.adopters_large] = True
    titles = np.full(n, "", dtype=object)
    by_size = np.argsort(-latest_cents)
    lead_pool = [i for i in by_size if lead[i]]
    free_pool = [i for i in by_size if not lead[i]] + lead_pool[len(lead_pool) // 2 :]
    taken: set[int] = set()
    for cell, needs_lead in plan.titles:
        pool = lead_pool if needs_lead else free_pool
        pick = next(i for i in pool if i not in taken)
        taken.add(pick)
        titles[pick] = cell
    perm = rng.permutation(n)  # mix large and small enterprises in the file
    frame = pd.DataFrame(
        {
            "企业名称": _names(rng, plan, n),
            "统一社会信用代码": _codes(rng, n, plan.province),
            "是否中小企业": np.where(sme, "是", "否"),
            "是否属于主导产业": np.where(lead, "是", "否"),
            **{f"产值_{y}": outputs[y] / 100 for y in YEARS},
            **{f"研发经费_{y}": rd[y] / 100 for y in YEARS},
            **{f"有效发明专利_{y}": patents[y] for y in YEARS},
            "从业人员": staff,
            "资质": titles,
            "应用工业互联网平台": np.where(uses, "是", "否"),
            "近三年重大事故或违法失信": "否",
        }
    )
    return frame.iloc[perm].reset_index(drop=True)


def _patents(rng: np.random.Generator, plan: Plan, size: np.ndarray) -> dict[int, np.ndarray]:
    """Patent counts per year: holders keep what they had, so counts only grow."""
    n = plan.smes + plan.large
    out: dict[int, np.ndarray] = {}
    latest = np.zeros(n, dtype=np.int64)
    sme_holders = rng.choice(
        plan.smes,
        min(plan.smes, max(1, plan.patents_sme[-1] // 2 + 1)),
        replace=False,
        p=size[: plan.smes] / size[: plan.smes].sum(),
    )
    latest[sme_holders] = _split(plan.patents_sme[-1], rng.uniform(1, 3, sme_holders.size))
    big = plan.patents_all[-1] - plan.patents_sme[-1]
    latest[plan.smes :] = _split(big, rng.uniform(1, 3, plan.large))
    out[YEARS[-1]] = latest
    for i in range(len(YEARS) - 2, -1, -1):
        nxt = out[YEARS[i + 1]].copy()
        for part, target in (
            (slice(0, plan.smes), plan.patents_sme[i]),
            (slice(plan.smes, n), plan.patents_all[i] - plan.patents_sme[i]),
        ):
            units = np.repeat(np.arange(n)[part], nxt[part])
            drop = rng.choice(units, units.size - target, replace=False)
            np.subtract.at(nxt, drop, 1)
        out[YEARS[i]] = nxt
    return out


def _csv(frame: pd.DataFrame, encoding: str) -> bytes:
    text = frame.to_csv(index=False, lineterminator="\r\n", float_format="%.2f")
    return text.encode(encoding)


def write(plan: Plan) -> dict[str, object]:
    """Write members.csv and indicators.json of one plan; return the indicators."""
    folder = ROOT / plan.slug
    folder.mkdir(exist_ok=True)
    data = _csv(build(plan), plan.encoding)
    (folder / "members.csv").write_bytes(data)
    ind = aggregate_file(data, "members.csv", cluster_name=plan.name_zh)
    doc = ind.model_dump(mode="json", exclude_none=True)  # with derivations: the demo shows them
    declarations = {k: True for k in DECLARATION_KEYS if k != "no_major_incidents"}
    declarations.update(
        energy_intensive_industry=False,
        water_intensive_industry=False,
        growth_exemption_claimed=False,
        recognized_national_cluster=False,  # a route (广州 1.6), not a criterion: no by default
        recognized_provincial_cluster=False,
    )
    for k in ("energy_efficiency_above_benchmark", "water_efficiency_above_benchmark"):
        declarations.pop(k)
    doc = {
        "cluster_name": plan.name_zh,
        **{k: v for k, v in doc.items() if k != "cluster_name"},
        **declarations,
        **plan.extra,
    }
    (folder / "indicators.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return doc


F = Fraction
PLANS = [
    Plan(
        "yunxi-sensors",
        "云溪区智能传感器产业集群（虚构）",
        "Yunxi District smart-sensor cluster (fictional)",
        "云溪",
        "44",
        ["传感", "微电子", "智能科技", "测控", "精密电子"],
        "utf-8-sig",
        11,
        236,
        4,
        (F(38), F("42.5"), F("47.5")),
        F(72, 100),
        F(84, 100),
        (9000, 10080, 11250),
        (22, 26, 30),
        (16, 19, 22),
        6000,
        3000,
        55,
        3,
        [("小巨人、高新技术企业", True), ("市级单项冠军", True), ("链主企业", False)]
        + [("专精特新", False)] * 6
        + [("高新技术企业", False)] * 5
        + [("创新型中小企业", False)] * 3
        + [("专精特新、创新型中小企业", False)] * 2,
        {"area_km2": 12.5, "innovation_platforms": 4, "standards_participated": 5},
    ),
    Plan(
        "songhe-fasteners",
        "松禾区五金紧固件产业集群（虚构）",
        "Songhe District hardware and fastener cluster (fictional)",
        "松禾",
        "44",
        ["五金", "紧固件", "精工", "金属制品"],
        "gbk",
        22,
        175,
        5,
        (F(33), F("36.5"), F(40)),
        F(60, 100),
        F(75, 100),
        (5000, 5600, 6272),
        (18, 21, 24),
        (12, 14, 16),
        4500,
        2500,
        34,
        2,
        [("专精特新“小巨人”", True)]
        + [("专精特新", False)] * 5
        + [("高新技术企业", False)] * 4
        + [("创新型中小企业", False)] * 3,
        {"area_km2": 8.2, "innovation_platforms": 2, "standards_participated": 3},
    ),
    Plan(
        "qionglan-tropical-food",
        "琼岚县热带果蔬精深加工产业集群（虚构）",
        "Qionglan County tropical fruit and vegetable processing cluster (fictional)",
        "琼岚",
        "46",
        ["食品", "农产品加工", "果业", "椰业", "饮品"],
        "utf-8",
        33,
        118,
        2,
        (F(21), F("23.2"), F("25.4")),
        F(88, 100),
        F(80, 100),
        (600, 648, F("699.84")),
        (4, 4, 5),
        (4, 4, 5),
        3600,
        600,
        9,
        1,
        [("专精特新", False)] * 3 + [("高新技术企业", False)] * 2 + [("创新型中小企业", False)],
        {"area_km2": 36.0, "innovation_platforms": 1, "standards_participated": 1},
    ),
    Plan(
        "linjiang-ev-parts",
        "临江区新能源汽车零部件产业集群（虚构）",
        "Linjiang District new-energy vehicle parts cluster (fictional)",
        "临江",
        "31",
        ["汽车零部件", "电驱科技", "热管理", "精密制造", "新能源科技"],
        "utf-8-sig",
        44,
        294,
        6,
        (F(52), F(58), F(64)),
        F(55, 100),
        F(56, 100),
        (20000, 21800, 23762),
        (16, 18, 20),
        (8, 10, 12),
        6000,
        10000,
        36,
        4,
        [("市级单项冠军", True)]
        + [("专精特新", False)] * 5
        + [("高新技术企业", False)] * 4
        + [("创新型中小企业", False)] * 2,
        {"area_km2": 18.0, "innovation_platforms": 3, "standards_participated": 4},
    ),
]

# 桐湾: everything of 云溪 but SME R&D growing 8 % a year (短于广州“高于10%”), and already recognised
# as a provincial cluster: 广州 1.6 recognises it anyway (a route), the failing test still shown
PLANS.append(
    replace(
        PLANS[0],
        slug="tongwan-smart-lighting",
        name_zh="桐湾区智能照明产业集群（虚构）",
        name_en="Tongwan District smart-lighting cluster (fictional)",
        place="桐湾",
        industry_words=["照明", "光电", "智能照明", "灯饰", "半导体照明"],
        seed=55,
        sme_rd=(9000, 9720, F("10497.6")),
        extra=PLANS[0].extra | {"area_km2": 21.0, "recognized_provincial_cluster": True},
    )
)

if __name__ == "__main__":
    for p in PLANS:
        d = write(p)
        print(
            p.slug,
            {
                k: d.get(k)
                for k in (
                    "output_by_year",
                    "sme_output_share_pct",
                    "leading_industry_output_share_pct",
                )
            },
        )
