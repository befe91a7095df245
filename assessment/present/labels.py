"""Labels of the inputs in Chinese and English, and how the UI offers each figure (unit, range,
step) — no rule lives here: thresholds and which jurisdiction asks what come from policies/*.toml.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.present.vocabulary import INDICATOR_UNIT

__all__ = ["DECLARATION_LABEL", "FIGURE_INPUTS", "OUTPUT_YEARS", "TITLE_LABEL", "FigureInput"]


@dataclass(frozen=True)
class FigureInput:
    """How the UI offers one figure: label, unit, range and step (no threshold)."""

    key: str
    dimension: str
    label_zh: str
    label_en: str
    unit_zh: str
    unit_en: str
    min_value: float
    max_value: float
    step: float
    integer: bool = False

    def label(self, lang: str) -> str:
        """'中小企业产值占比（%）' / 'SME share of output (%)'."""
        if lang == "en":
            return f"{self.label_en} ({self.unit_en})" if self.unit_en else self.label_en
        return f"{self.label_zh}（{self.unit_zh}）" if self.unit_zh else self.label_zh


def _pct(key: str, dim: str, zh: str, en: str) -> FigureInput:
    return FigureInput(key, dim, zh, en, INDICATOR_UNIT[key], "%", 0.0, 100.0, 0.1)


def _growth(key: str, dim: str, zh: str, en: str) -> FigureInput:
    return FigureInput(key, dim, zh, en, INDICATOR_UNIT[key], "% a year", -100.0, 500.0, 0.1)


def _count(key: str, dim: str, zh: str, en: str, *, unit_en: str = "") -> FigureInput:
    return FigureInput(key, dim, zh, en, INDICATOR_UNIT[key], unit_en, 0, 10000, 1, integer=True)


# CONTRACT.md section 1, in the order of the dimensions; output_by_year has its own year boxes.
FIGURE_INPUTS: tuple[FigureInput, ...] = (
    FigureInput(
        "area_km2",
        "核心竞争力",
        "占地面积",
        "Area",
        INDICATOR_UNIT["area_km2"],
        "km²",
        0.0,
        10000.0,
        0.1,
    ),
    _growth(
        "output_growth_pct",
        "核心竞争力",
        "产值年均增速（留空则按各年产值推算）",
        "Average annual output growth (empty: computed from output by year)",
    ),
    _pct("sme_output_share_pct", "核心竞争力", "中小企业产值占集群总产值", "SME share of output"),
    _pct(
        "leading_industry_output_share_pct",
        "核心竞争力",
        "主导产业产值占集群总产值",
        "Leading-industry share of output",
    ),
    _growth(
        "sme_rd_growth_pct",
        "协同创新",
        "近三年中小企业研发经费年均增长",
        "SME R&D spending, average annual growth",
    ),
    _growth(
        "invention_patent_growth_pct",
        "协同创新",
        "有效发明专利年均增长率（全集群）",
        "Valid invention patents, annual growth (whole cluster)",
    ),
    _growth(
        "sme_invention_patent_growth_pct",
        "协同创新",
        "有效发明专利年均增长率（中小企业）",
        "Valid invention patents, annual growth (SMEs)",
    ),
    FigureInput(
        "invention_patents_per_10k_employees",
        "协同创新",
        "每万人有效发明专利拥有量（全集群）",
        "Invention patents per 10,000 employees (whole cluster)",
        INDICATOR_UNIT["invention_patents_per_10k_employees"],
        "patents",
        0.0,
        10000.0,
        0.1,
    ),
    FigureInput(
        "sme_invention_patents_per_10k_employees",
        "协同创新",
        "每万人有效发明专利拥有量（中小企业）",
        "Invention patents per 10,000 employees (SMEs)",
        INDICATOR_UNIT["invention_patents_per_10k_employees"],
        "patents",
        0.0,
        10000.0,
        0.1,
    ),
    _count(
        "innovation_platforms",
        "协同创新",
        "区级及以上创新平台",
        "District-level or higher innovation platforms",
    ),
    _count(
        "standards_participated",
        "协同创新",
        "参与主导产业标准制修订",
        "Standards drafted or revised",
    ),
    _pct(
        "industrial_internet_adoption_pct",
        "数字化",
        "工业互联网平台应用普及率（全集群）",
        "Industrial-internet platform adoption (whole cluster)",
    ),
    _pct(
        "sme_industrial_internet_adoption_pct",
        "数字化",
        "工业互联网平台应用普及率（中小企业）",
        "Industrial-internet platform adoption (SMEs)",
    ),
)

OUTPUT_YEARS = {"min_value": 0.0, "max_value": 100000.0, "step": 0.1}

TITLE_LABEL: dict[str, tuple[str, str]] = {
    "national_champions": (
        "国家级制造业单项冠军（主导产业）",
        "National single-product champions (leading industry)",
    ),
    "provincial_champions": (
        "省级制造业单项冠军（主导产业）",
        "Provincial single-product champions (leading industry)",
    ),
    "municipal_champions": (
        "市级制造业单项冠军（主导产业）",
        "Municipal single-product champions (leading industry)",
    ),
    "little_giants": ("专精特新“小巨人”（主导产业）", "“Little giants” (leading industry)"),
    "specialized_smes": ("专精特新中小企业", "Specialised and sophisticated SMEs"),
    "innovative_smes": ("创新型中小企业", "Innovative SMEs"),
    "high_tech_enterprises": ("国家级高新技术企业", "National high-tech enterprises"),
    "chain_leaders": ("链主企业", "Chain-leader enterprises"),
}

DECLARATION_LABEL: dict[str, tuple[str, str]] = {
    "no_major_incidents": (
        "近三年无较大及以上事故、重大网络/数据安全事件、偷漏税、严重失信",
        "No major accident, cyber/data incident, tax evasion or serious dishonesty in 3 years",
    ),
    "industry_policy_aligned": (
        "主导产业符合产业政策和规划",
        "Leading industry fits industrial policy and plans",
    ),
    "pillar_industry": (
        "为所在区（县）支柱或特色产业",
        "A pillar or characteristic industry locally",
    ),
    "leading_position": ("发展水平位居细分领域前列", "Among the leaders of its niche"),
    "brand_recognition": ("集群品牌知名度较高", "Well-known cluster brand"),
    "supply_chain_collaboration": (
        "产业链供应链协作高效、布局合理",
        "Efficient, well-laid-out supply chain",
    ),
    "supply_chain_map": ("绘制产业链图谱", "An industry-chain map"),
    "sharing_mechanisms": ("建立共享机制", "Sharing mechanisms"),
    "advanced_cluster_cooperation": (
        "与先进制造业集群等开展合作",
        "Cooperation with advanced manufacturing clusters",
    ),
    "innovation_cooperation": (
        "产学研及大中小企业协同创新",
        "Innovation cooperation with firms, universities, institutes",
    ),
    "multi_innovation_platforms": ("建立多元创新平台", "Several innovation platforms"),
    "standards_work": ("参加主导产业标准制修订", "Takes part in standard-setting"),
    "key_technology_breakthroughs": ("突破关键核心技术", "Breakthroughs in key technologies"),
    "digital_infrastructure": ("新型信息基础设施水平较高", "Good digital infrastructure"),
    "digital_diagnosis": ("组织开展制造业企业数字化诊断", "Digital diagnosis of manufacturers"),
    "production_data_connected": ("重要生产数据联通", "Key production data connected"),
    "industrial_internet_security": (
        "工业互联网安全保障体系",
        "Industrial-internet security system",
    ),
    "adoption_rising": (
        "平台应用普及率和工业软件应用率稳步提升",
        "Platform and industrial-software use rising",
    ),
    "green_development": ("具有较高绿色化发展水平", "A high level of green development"),
    "green_service_mechanism": ("建立绿色低碳服务机制", "A green, low-carbon service mechanism"),
    "energy_intensive_industry": (
        "主导产业属于高耗能行业",
        "The leading industry is energy-intensive",
    ),
    "energy_efficiency_above_benchmark": (
        "能效高于基准值（高耗能行业）",
        "Energy efficiency above benchmark (energy-intensive)",
    ),
    "water_intensive_industry": (
        "主导产业属于高用水行业",
        "The leading industry is water-intensive",
    ),
    "water_efficiency_above_benchmark": (
        "水效高于基准值（高用水行业）",
        "Water efficiency above benchmark (water-intensive)",
    ),
    # one answer serves several texts: the question shows the strictest wording (README, readings)
    "international_cooperation": (
        "积极参与主导产业国际合作机制或交流活动，开展技术、管理、人才或资本等方面交流合作",
        "Active part in international cooperation or exchanges, with exchange in technology, "
        "management, talent or capital",
    ),
    "overseas_expansion": (
        "设置海外分支机构等推动外贸",
        "Overseas branches and growing foreign trade",
    ),
    "operating_body": (
        "设立有较强治理和服务能力的管委会等运营管理机构",
        "An operating body (e.g. a management committee) with strong governance and service capacity",
    ),
    "public_service_institution": (
        "建立或引入优质中小企业公共服务机构",
        "A public service institution for SMEs",
    ),
    "service_specialist_team": ("组建企业服务专员队伍", "A team of enterprise service specialists"),
    "appeal_mechanism": ("建立诉求协调处理机制", "A mechanism for handling SME appeals"),
    "policy_full_coverage": (
        "政策宣贯全覆盖，惠企政策不漏户、不漏人、应享尽享",
        "Policy outreach covers the cluster; every beneficiary knows and receives its benefits",
    ),
    "development_plan": (
        "制定未来三年发展规划（目标清晰可考核、措施完整可行）",
        "A three-year plan: clear, assessable goals; complete, targeted, workable measures",
    ),
    "growth_exemption_claimed": (
        "受新冠疫情等特殊情况影响（申请增速豁免）",
        "Affected by special circumstances such as COVID-19 (growth waiver)",
    ),
    "gradient_cultivation": (
        "持续开展企业梯度培育工作",
        "Ongoing tiered cultivation of enterprises",
    ),
    "within_county_level_area": (
        "集群位于区级／县级区划范围内",
        "The cluster lies within one district or county",
    ),
    "cloud_platform_results": (
        "“上云上平台／用云上平台”成效显著",
        "Marked results from moving onto cloud platforms",
    ),
    "new_models_innovation": (
        "开展新模式新业态创新应用推广或探索（如智能制造、工业互联网）",
        "Promotes or explores new digital models (e.g. smart manufacturing, industrial internet)",
    ),
    "key_link_support": (
        "产业链关键环节配套能力较强",
        "Strong supporting capacity in key links of the chain",
    ),
    "public_service_system": (
        "建立完善的中小企业公共服务体系和集群发展促进机制",
        "A full SME public service system and a cluster promotion mechanism",
    ),
    "digital_services_introduced": (
        "引入跨企业数字化解决方案、评估和诊断等服务",
        "Cross-enterprise digital solutions, assessment and diagnosis services introduced",
    ),
    "domestic_cooperation": (
        "参与主导产业国内合作机制或交流活动",
        "Takes part in domestic cooperation or exchanges",
    ),
    "green_indicators_sound": (
        "能源结构合理、碳排放强度下降、资源利用效率高、污染治理有效",
        "Sound energy mix, falling carbon intensity, efficient resource use, effective pollution control",
    ),
    "recognized_national_cluster": (
        "已获国家级中小企业特色产业集群认定",
        "Already recognised as a national SME characteristic cluster",
    ),
    "recognized_provincial_cluster": (
        "已获省级中小企业特色产业集群认定",
        "Already recognised as a provincial SME characteristic cluster",
    ),
}
