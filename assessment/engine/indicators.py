"""Cluster indicators (FORMATS.md section 1): the one input vocabulary of engine, app and exports."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from assessment.engine.names import TITLE_KEYS, Title
from assessment.errors import InputError

# Plausible ranges. Every value accepted here can be evaluated (sums and means stay finite: no
# math.fsum overflow) and exported (Excel and the page's number inputs hold it exactly), and a
# value outside its range is a unit or typing mistake, refused with the field named.
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]  # a share: 0-100 %
# Growth per year: -100 % is everything lost; +10,000 % (a hundredfold in a year) is beyond any
# cluster's real growth, so larger is a typing mistake.
GrowthPct = Annotated[float, Field(ge=-100, le=10_000, allow_inf_nan=False)]
# Output in 亿元: China's whole GDP is about 1.3e6 亿元 (2024), so no cluster's output exceeds 1e6.
Output = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
# Area in km²: a cluster lies within a county or district; 1e6 km² is more than any province of
# China but Xinjiang (Hainan island: 3.4e4 km²), so larger is a unit mistake (m² for km²).
Area = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
# Patents per 10,000 employees: 1e6 would be a hundred patents per person, beyond any enterprise.
PerTenK = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
# Enterprises, platforms or standards: China has about 5.5e7 enterprises, so 1e8 bounds any count
# (far below 2^53, which JSON numbers and the page's number inputs hold exactly).
Count = Annotated[int, Field(ge=0, le=100_000_000)]
# A derivation's figure (a sum, a share, a growth): finite and far from the float maximum.
NonNegOrSigned = Annotated[float, Field(ge=-1e15, le=1e15, allow_inf_nan=False)]
# Free text reaches Excel and HTML writers: no control character (a line break is allowed).
_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Name = Annotated[str, Field(max_length=200, pattern=_NO_CONTROL)]  # limits.MAX_NAME_CHARS
Text = Annotated[str, Field(max_length=2_000, pattern=_NO_CONTROL)]  # limits.MAX_TEXT_CHARS


_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class TitledEnterprise(BaseModel):
    """`count` enterprises holding exactly these titles; lets either-or tests count distinct ones."""

    model_config = _STRICT
    titles: list[Title] = Field(min_length=1, max_length=len(TITLE_KEYS))
    leading_industry: bool | None = None  # absent: unknown, so a leading-industry-only test is too
    # enterprises with exactly these titles and flag (ed. 2); bounded as every Count is
    count: int = Field(default=1, ge=1, le=100_000_000)


class Derivation(BaseModel):
    """How a figure was computed from member data, so the app can show "where is this from"."""

    model_config = _STRICT
    description_zh: Text
    description_en: Text
    columns: list[Name] = Field(default_factory=list, max_length=200)
    enterprises: Count | None = None
    figures: dict[Name, NonNegOrSigned | Count | Text] = Field(default_factory=dict, max_length=200)


class Indicators(BaseModel):
    """Every field optional: a missing value makes the criteria that read it unknown, never a pass.

    Beyond FORMATS.md section 1 this carries two informational fields, both optional and never
    read by a rule: `cluster_name` (for reports) and `derivations` (how aggregation got each figure).
    """

    model_config = _STRICT

    cluster_name: Name | None = None

    # figures
    area_km2: Area | None = None
    output_by_year: dict[str, Output] | None = Field(default=None, max_length=200)
    output_growth_pct: GrowthPct | None = None
    sme_output_share_pct: Pct | None = None
    leading_industry_output_share_pct: Pct | None = None
    sme_rd_growth_pct: GrowthPct | None = None
    invention_patent_growth_pct: GrowthPct | None = None
    sme_invention_patent_growth_pct: GrowthPct | None = None
    invention_patents_per_10k_employees: PerTenK | None = None
    sme_invention_patents_per_10k_employees: PerTenK | None = None
    industrial_internet_adoption_pct: Pct | None = None
    sme_industrial_internet_adoption_pct: Pct | None = None
    innovation_platforms: Count | None = None
    standards_participated: Count | None = None

    # enterprises holding titles
    national_champions: Count | None = None
    provincial_champions: Count | None = None
    municipal_champions: Count | None = None
    little_giants: Count | None = None
    specialized_smes: Count | None = None
    innovative_smes: Count | None = None
    high_tech_enterprises: Count | None = None
    chain_leaders: Count | None = None
    titled_enterprises: list[TitledEnterprise] | None = None

    # declarations
    no_major_incidents: bool | None = None
    industry_policy_aligned: bool | None = None
    pillar_industry: bool | None = None
    leading_position: bool | None = None
    brand_recognition: bool | None = None
    supply_chain_collaboration: bool | None = None
    supply_chain_map: bool | None = None
    sharing_mechanisms: bool | None = None
    advanced_cluster_cooperation: bool | None = None
    innovation_cooperation: bool | None = None
    multi_innovation_platforms: bool | None = None
    standards_work: bool | None = None
    key_technology_breakthroughs: bool | None = None
    digital_infrastructure: bool | None = None
    digital_diagnosis: bool | None = None
    production_data_connected: bool | None = None
    industrial_internet_security: bool | None = None
    adoption_rising: bool | None = None
    green_development: bool | None = None
    green_service_mechanism: bool | None = None
    energy_intensive_industry: bool | None = None
    energy_efficiency_above_benchmark: bool | None = None
    water_intensive_industry: bool | None = None
    water_efficiency_above_benchmark: bool | None = None
    international_cooperation: bool | None = None
    overseas_expansion: bool | None = None
    operating_body: bool | None = None
    public_service_institution: bool | None = None
    service_specialist_team: bool | None = None
    appeal_mechanism: bool | None = None
    policy_full_coverage: bool | None = None
    development_plan: bool | None = None
    growth_exemption_claimed: bool | None = None
    gradient_cultivation: bool | None = None
    within_county_level_area: bool | None = None
    cloud_platform_results: bool | None = None
    new_models_innovation: bool | None = None
    key_link_support: bool | None = None
    public_service_system: bool | None = None
    digital_services_introduced: bool | None = None
    domestic_cooperation: bool | None = None
    green_indicators_sound: bool | None = None
    recognized_national_cluster: bool | None = None
    recognized_provincial_cluster: bool | None = None

    derivations: dict[Name, Derivation] | None = Field(default=None, max_length=200)

    @field_validator("output_by_year")
    @classmethod
    def _years_consecutive(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        if v is None:
            return v
        if not v:
            raise ValueError("years: at least one year is needed|至少需要一年")
        for key in v:
            if not (len(key) == 4 and key.isdigit() and 1949 <= int(key) <= 2100):
                raise ValueError(
                    f"years: '{key}' is not a year like 2024|“{key}”不是形如2024的年份"
                )
        years = sorted(int(k) for k in v)
        if years != list(range(years[0], years[-1] + 1)):
            listed = ", ".join(map(str, years))
            raise ValueError(f"years: not consecutive: {listed}|年份不连续：{listed}")
        return {str(y): v[str(y)] for y in years}

    def years(self) -> list[int]:
        """The years of `output_by_year`, oldest first."""
        return sorted(int(k) for k in (self.output_by_year or {}))

    def to_json_dict(self) -> dict[str, Any]:
        """The FORMATS.md form: only the fields that are set."""
        return self.model_dump(mode="json", exclude_none=True)


# The Chinese name of every indicator (column headers of exports and batch files, messages).
FIELD_ZH: dict[str, str] = {
    "cluster_name": "集群名称",
    "area_km2": "占地面积",
    "output_by_year": "各年产值",
    "output_growth_pct": "产值年均增速",
    "sme_output_share_pct": "中小企业产值占比",
    "leading_industry_output_share_pct": "主导产业产值占比",
    "sme_rd_growth_pct": "中小企业研发经费年均增长",
    "invention_patent_growth_pct": "有效发明专利年均增长率",
    "sme_invention_patent_growth_pct": "中小企业有效发明专利年均增长率",
    "invention_patents_per_10k_employees": "每万人有效发明专利拥有量",
    "sme_invention_patents_per_10k_employees": "中小企业每万人有效发明专利拥有量",
    "industrial_internet_adoption_pct": "工业互联网平台应用普及率",
    "sme_industrial_internet_adoption_pct": "中小企业工业互联网平台应用普及率",
    "innovation_platforms": "区级及以上创新平台",
    "standards_participated": "参与标准制修订项数",
    "national_champions": "国家级单项冠军",
    "provincial_champions": "省级单项冠军",
    "municipal_champions": "市级单项冠军",
    "little_giants": "专精特新小巨人",
    "specialized_smes": "专精特新中小企业",
    "innovative_smes": "创新型中小企业",
    "high_tech_enterprises": "高新技术企业",
    "chain_leaders": "链主企业",
    "no_major_incidents": "近三年无重大事故及违法失信",
    "industry_policy_aligned": "符合产业政策",
    "pillar_industry": "支柱或特色产业",
    "leading_position": "细分领域前列",
    "brand_recognition": "集群品牌知名度较高",
    "supply_chain_collaboration": "产业链供应链协作",
    "supply_chain_map": "产业链图谱",
    "sharing_mechanisms": "共享机制",
    "advanced_cluster_cooperation": "与先进制造业集群合作",
    "innovation_cooperation": "产学研协同创新",
    "multi_innovation_platforms": "多元创新平台",
    "standards_work": "参加标准制修订",
    "key_technology_breakthroughs": "突破关键核心技术",
    "digital_infrastructure": "新型信息基础设施",
    "digital_diagnosis": "数字化诊断",
    "production_data_connected": "生产数据联通",
    "industrial_internet_security": "工业互联网安全保障",
    "adoption_rising": "应用率稳步提升",
    "green_development": "绿色化发展",
    "green_service_mechanism": "绿色低碳服务机制",
    "energy_intensive_industry": "属高耗能行业",
    "energy_efficiency_above_benchmark": "能效高于基准值",
    "water_intensive_industry": "属高用水行业",
    "water_efficiency_above_benchmark": "水效高于基准值",
    "international_cooperation": "国际合作",
    "overseas_expansion": "海外分支机构",
    "operating_body": "运营管理机构",
    "public_service_institution": "公共服务机构",
    "service_specialist_team": "企业服务专员队伍",
    "appeal_mechanism": "诉求协调处理机制",
    "policy_full_coverage": "政策宣贯全覆盖",
    "development_plan": "未来三年发展规划",
    "growth_exemption_claimed": "疫情等特殊情况",
    "gradient_cultivation": "梯度培育工作",
    "within_county_level_area": "位于区级／县级区划范围内",
    "cloud_platform_results": "上云用云成效显著",
    "new_models_innovation": "新模式新业态创新应用",
    "key_link_support": "关键环节配套能力",
    "public_service_system": "公共服务体系和集群发展促进机制",
    "digital_services_introduced": "引入数字化解决方案、评估和诊断服务",
    "domestic_cooperation": "国内合作",
    "green_indicators_sound": "能源结构、碳排放、资源利用、污染治理",
    "recognized_national_cluster": "已获国家级集群认定",
    "recognized_provincial_cluster": "已获省级集群认定",
    "titled_enterprises": "获评企业名单",
}


def _describe(err: dict[str, Any]) -> tuple[str, str, str]:
    """(field path, Chinese message, English message) for one pydantic error."""
    loc = [str(p) for p in err["loc"]]
    path = ".".join(loc) or "(indicators)"
    top = loc[0] if loc else ""
    name_zh = FIELD_ZH.get(top, top)
    typ, ctx, got = err["type"], err.get("ctx") or {}, err.get("input")
    got_s = _echo(got)
    if typ == "string_pattern_mismatch":
        return (
            path,
            f"“{name_zh}”({path}) 含有不可见的控制字符，请删除",
            f"'{path}' holds an invisible control character; delete it",
        )
    if typ in ("string_too_long", "too_long"):
        lim = ctx.get("max_length")
        return (
            path,
            f"“{name_zh}”({path}) 过长：至多 {lim} 个（字符或项）",
            f"'{path}' is too long: at most {lim} (characters or items)",
        )
    if typ == "extra_forbidden":
        return (path, f"未知字段“{path}”（是否拼写错误？）", f"unknown field '{path}' (a typo?)")
    if typ in ("less_than_equal", "less_than"):
        lim = ctx.get("le", ctx.get("lt"))
        return (
            path,
            f"“{name_zh}”({path}) 不能大于 {lim}，得到 {got_s}",
            f"'{path}' must be at most {lim}, got {got_s}",
        )
    if typ in ("greater_than_equal", "greater_than"):
        lim = ctx.get("ge", ctx.get("gt"))
        return (
            path,
            f"“{name_zh}”({path}) 不能小于 {lim}，得到 {got_s}",
            f"'{path}' must be at least {lim}, got {got_s}",
        )
    if typ in ("int_type", "int_from_float"):
        return (
            path,
            f"“{name_zh}”({path}) 须为整数，得到 {got_s}",
            f"'{path}' must be a whole number, got {got_s}",
        )
    if typ in ("float_type", "finite_number"):
        return (
            path,
            f"“{name_zh}”({path}) 须为有限数字，得到 {got_s}",
            f"'{path}' must be a finite number, got {got_s}",
        )
    if typ == "bool_type":
        return (
            path,
            f"“{path}” 须为 true 或 false（或不填），得到 {got_s}",
            f"'{path}' must be true or false (or left out), got {got_s}",
        )
    if typ == "literal_error":
        return (
            path,
            f"“{path}” 不是已知的资质，得到 {got_s}；可选：{', '.join(TITLE_KEYS)}",
            f"'{path}' is not a known title, got {got_s}; expected one of {', '.join(TITLE_KEYS)}",
        )
    if typ == "value_error" and "years:" in err["msg"]:
        detail = err["msg"].split("years:", 1)[1].strip()
        en, _, zh = detail.partition("|")
        return (
            path,
            f"“各年产值”(output_by_year) 的年份有误：{zh or en}",
            f"'output_by_year' has bad years: {en}",
        )
    return (path, f"“{name_zh}”({path}) 的值无效：{got_s}", f"'{path}' is invalid: {err['msg']}")


def _echo(value: Any) -> str:
    """A refused value as echoed in a message: JSON, cut to about 50 characters."""
    if isinstance(value, (dict, list)):
        return "{…}" if isinstance(value, dict) else "[…]"
    if isinstance(value, int) and abs(value) >= 10**50:
        return f"（{len(str(abs(value)))} 位数 / {len(str(abs(value)))}-digit number）"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 50 else text[:49] + "…"


def parse_indicators(data: Any) -> Indicators:
    """Validate a JSON-like object into `Indicators`; raise `InputError` naming the first bad field."""
    if not isinstance(data, dict):
        raise InputError(
            "(indicators)",
            "指标文件须为一个 JSON 对象 {…}",
            "the indicators must be one JSON object {…}",
        )
    try:
        return Indicators.model_validate(data)
    except ValidationError as exc:
        path, zh, en = _describe(exc.errors()[0])
        raise InputError(path, zh, en) from None


def indicator_errors(data: dict[str, Any]) -> list[InputError]:
    """Every problem of an indicators object (not only the first), one `InputError` each."""
    try:
        Indicators.model_validate(data)
    except ValidationError as exc:
        return [InputError(*_describe(err)) for err in exc.errors()]
    return []


def indicators_from_json(text: str | bytes) -> Indicators:
    """Parse indicators from JSON text; malformed JSON is an `InputError` with line and column."""
    if len(text) > _MAX_JSON_BYTES:
        raise InputError(
            "(json)",
            f"指标文件过大（超过 {_MAX_JSON_BYTES // 1024 // 1024} MB，MAX_JSON_BYTES）",
            f"the indicators file is too large (above {_MAX_JSON_BYTES // 1024 // 1024} MB, "
            "MAX_JSON_BYTES)",
        )
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except _JsonRefused as exc:
        raise InputError("(json)", exc.zh, exc.en) from None
    except UnicodeDecodeError:
        raise InputError(
            "(json)",
            "不是有效的 JSON：文件不是 UTF-8 文本",
            "not valid JSON: the file is not UTF-8 text",
        ) from None
    except RecursionError:  # '[[[[…' nested beyond what the parser follows
        raise InputError(
            "(json)",
            "不是有效的指标文件：JSON 嵌套过深",
            "not a valid indicators file: the JSON is nested too deeply",
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            "(json)",
            f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）",
            f"not valid JSON (line {exc.lineno}, column {exc.colno})",
        ) from None
    except ValueError:  # an integer of more than 4,300 digits (Python's conversion limit)
        raise InputError(
            "(json)",
            "指标文件中有位数过多的数字（超过 4300 位），不是合理的数值",
            "the file holds a number of more than 4,300 digits, not a plausible value",
        ) from None
    return parse_indicators(data)


_MAX_JSON_BYTES = 10 * 1024 * 1024  # limits.MAX_JSON_BYTES (this module stays free of imports)


class _JsonRefused(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: a repeated key would silently win."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            shown = key if len(key) <= 50 else key[:49] + "…"
            raise _JsonRefused(
                f"JSON 中键“{shown}”出现了不止一次；请只保留一个",
                f"the key '{shown}' appears more than once in the JSON; keep only one",
            )
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _JsonRefused(
        f"JSON 中的 {name} 不是数值；请填写数字或删去该项",
        f"{name} in the JSON is not a number; enter a number or leave the field out",
    )


def indicators_json_schema() -> dict[str, Any]:
    """The JSON Schema of the indicators."""
    return Indicators.model_json_schema()
