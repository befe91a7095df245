"""The vocabulary of the member-data file (CONTRACT.md section 4): columns, titles, yes/no words.

One table serves the reader (which header means which column), the template (what to explain to
the person filling it in) and the messages (the Chinese and English name of every column).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "COLUMNS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "NO_WORDS",
    "SPEC",
    "TITLE_WORDS",
    "TITLE_ZH",
    "YES_WORDS",
    "ColumnSpec",
    "HeaderMatch",
    "Kind",
    "match_header",
    "parse_flag",
    "parse_number",
    "parse_titles",
]

Kind = Literal["text", "code", "flag", "money", "count", "titles"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the member file, as CONTRACT.md section 4 defines it."""

    key: str  # canonical name; per-year columns are named f"{key}_{year}"
    zh: str
    en: str
    kind: Kind
    per_year: bool
    required: bool
    meaning_zh: str
    meaning_en: str
    unit_zh: str
    unit_en: str
    allowed_zh: str
    allowed_en: str
    aliases: tuple[str, ...] = ()

    def header(self, lang: str, year: int | None = None) -> str:
        """The header as the template writes it."""
        base = self.zh if lang == "zh" else self.en
        return f"{base}_{year}" if self.per_year and year is not None else base


_YES_NO_ZH = "是/否（也可填 Y/N、true/false、1/0、√/×）"
_YES_NO_EN = "yes/no (also 是/否, Y/N, true/false, 1/0, √/×)"
_MONEY_ZH = "不小于 0 的数字，可带千位分隔符，如 1,234.56；没有请填 0"
_MONEY_EN = "a number not below 0, thousands separators allowed, e.g. 1,234.56; 0 if none"
_COUNT_ZH = "不小于 0 的整数；没有请填 0"
_COUNT_EN = "a whole number not below 0; 0 if none"

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "enterprise_name",
        "企业名称",
        "enterprise_name",
        "text",
        False,
        True,
        "企业全称",
        "full name of the enterprise",
        "",
        "",
        "不能为空",
        "must not be empty",
        ("企业", "名称", "单位名称", "企业全称", "name", "enterprise"),
    ),
    ColumnSpec(
        "credit_code",
        "统一社会信用代码",
        "credit_code",
        "code",
        False,
        False,
        "18 位统一社会信用代码（按 GB 32100 校验末位）；各企业不得重复；可不填",
        "18-character unified social credit code (GB 32100 check character); unique; "
        "may be left empty",
        "",
        "",
        "18 位数字或大写字母（不含 I、O、Z、S、V），末位为校验码",
        "18 digits or capital letters (no I, O, Z, S, V), the last one a check character",
        ("信用代码", "社会信用代码", "uscc"),
    ),
    ColumnSpec(
        "is_sme",
        "是否中小企业",
        "is_sme",
        "flag",
        False,
        True,
        "是否属于中小企业（按国家中小企业划型标准）",
        "whether the enterprise is an SME (national SME classification)",
        "",
        "",
        _YES_NO_ZH,
        _YES_NO_EN,
        ("中小企业", "sme"),
    ),
    ColumnSpec(
        "in_leading_industry",
        "是否属于主导产业",
        "in_leading_industry",
        "flag",
        False,
        False,
        "企业是否属于集群的主导产业",
        "whether the enterprise is in the leading industry",
        "",
        "",
        _YES_NO_ZH,
        _YES_NO_EN,
        ("主导产业", "是否主导产业", "leading_industry"),
    ),
    ColumnSpec(
        "output",
        "产值",
        "output",
        "money",
        True,
        True,
        "该年工业总产值，每年一列，列名带年份",
        "gross output of the year, one column per year",
        "万元",
        "10k yuan (万元)",
        _MONEY_ZH,
        _MONEY_EN,
        ("工业总产值", "总产值"),
    ),
    ColumnSpec(
        "rd_expense",
        "研发经费",
        "rd_expense",
        "money",
        True,
        False,
        "该年研发经费支出，每年一列",
        "R&D spending of the year, one column per year",
        "万元",
        "10k yuan (万元)",
        _MONEY_ZH,
        _MONEY_EN,
        ("研发费用", "研发投入", "r&d", "rd", "r&dexpense"),
    ),
    ColumnSpec(
        "invention_patents",
        "有效发明专利",
        "invention_patents",
        "count",
        True,
        False,
        "该年末有效发明专利件数，每年一列",
        "valid invention patents at the end of the year, one column per year",
        "件",
        "count",
        _COUNT_ZH,
        _COUNT_EN,
        ("发明专利", "有效发明专利数", "patents"),
    ),
    ColumnSpec(
        "employees",
        "从业人员",
        "employees",
        "count",
        False,
        False,
        "最近一年从业人员数",
        "persons employed, latest year",
        "人",
        "persons",
        _COUNT_ZH,
        _COUNT_EN,
        ("从业人数", "员工人数", "职工人数", "员工数"),
    ),
    ColumnSpec(
        "titles",
        "资质",
        "titles",
        "titles",
        False,
        False,
        "企业获得的资质称号，可填多个，用 ; 或 、 或 , 分隔；没有则留空",
        "titles the enterprise holds, several separated by ; or 、 or , ; empty if none",
        "",
        "",
        "国家级单项冠军、省级单项冠军、市级单项冠军、小巨人、专精特新、创新型中小企业、"
        "高新技术企业、链主企业（单项冠军和小巨人只在主导产业企业中计数）",
        "national_champions, provincial_champions, municipal_champions, little_giants, "
        "specialized_smes, innovative_smes, high_tech_enterprises, chain_leaders "
        "(or the Chinese names; champions and little giants count only in the leading "
        "industry)",
        ("资质称号", "企业资质", "称号", "荣誉资质"),
    ),
    ColumnSpec(
        "uses_industrial_internet_platform",
        "应用工业互联网平台",
        "uses_industrial_internet_platform",
        "flag",
        False,
        False,
        "企业是否应用工业互联网平台",
        "whether the enterprise uses an industrial-internet platform",
        "",
        "",
        _YES_NO_ZH,
        _YES_NO_EN,
        ("是否应用工业互联网平台", "工业互联网平台", "industrial_internet"),
    ),
    ColumnSpec(
        "major_incident",
        "近三年重大事故或违法失信",
        "major_incident",
        "flag",
        False,
        False,
        "近三年是否发生较大及以上事故、重大及以上网络或数据安全事件、偷税漏税、严重失信等",
        "whether, in the last three years, the enterprise had a major accident, a major "
        "cyber or data incident, tax evasion or serious dishonesty",
        "",
        "",
        _YES_NO_ZH,
        _YES_NO_EN,
        ("重大事故或违法失信", "近三年重大事故", "近三年是否发生重大事故或违法失信", "incident"),
    ),
)
SPEC: dict[str, ColumnSpec] = {c.key: c for c in COLUMNS}

# Headers that carry no data the aggregation needs; such columns are skipped, not refused.
IGNORABLE: frozenset[str] = frozenset(
    {
        "序号",
        "编号",
        "备注",
        "说明",
        "no",
        "no.",
        "#",
        "remarks",
        "remark",
        "notes",
        "note",
        "index",
        "seq",
    }
)

TITLE_WORDS: dict[str, str] = {
    "国家级单项冠军": "national_champions",
    "国家级制造业单项冠军": "national_champions",
    "省级单项冠军": "provincial_champions",
    "省级制造业单项冠军": "provincial_champions",
    "市级单项冠军": "municipal_champions",
    "市级制造业单项冠军": "municipal_champions",
    "小巨人": "little_giants",
    "专精特新小巨人": "little_giants",
    "国家级专精特新小巨人": "little_giants",
    "专精特新": "specialized_smes",
    "专精特新中小企业": "specialized_smes",
    "省级专精特新中小企业": "specialized_smes",
    "创新型中小企业": "innovative_smes",
    "高新技术企业": "high_tech_enterprises",
    "国家级高新技术企业": "high_tech_enterprises",
    "链主企业": "chain_leaders",
    "链主": "chain_leaders",
}
TITLE_ZH: dict[str, str] = {
    "national_champions": "国家级单项冠军",
    "provincial_champions": "省级单项冠军",
    "municipal_champions": "市级单项冠军",
    "little_giants": "小巨人",
    "specialized_smes": "专精特新",
    "innovative_smes": "创新型中小企业",
    "high_tech_enterprises": "高新技术企业",
    "chain_leaders": "链主企业",
}
TITLE_WORDS.update({key: key for key in TITLE_ZH})

YES_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "对"})
NO_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "不是"})

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)(?:\s*年度?)?")
_UNIT = re.compile(r"\((?:万元|元|人|件|个|家|项|10k yuan|yuan|persons|count)\)")
_SQUASH = re.compile(r"[\s_\-:/()\[\]【】\"“”'‘’]+")
FIRST_YEAR, LAST_YEAR = 1949, 2100


def squash(text: str) -> str:
    """Normalise a header or word: full-width to half-width, lower case, no spaces or punctuation."""
    return _SQUASH.sub("", unicodedata.normalize("NFKC", text).strip().lower())


def _lookup() -> dict[str, ColumnSpec]:
    table: dict[str, ColumnSpec] = {}
    for spec in COLUMNS:
        for name in (spec.key, spec.zh, spec.en, *spec.aliases):
            table[squash(name)] = spec
    return table


_BY_NAME = _lookup()


@dataclass(frozen=True)
class HeaderMatch:
    """What one header cell names: a column (and its year) or nothing known."""

    spec: ColumnSpec | None
    year: int | None
    ignorable: bool = False


def match_header(raw: str) -> HeaderMatch:
    """Which column a header names, tolerating order, spaces, full-width characters and units."""
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    year = None
    found = _YEAR.search(text)
    if found:
        year = int(found.group(1))
        text = text[: found.start()] + " " + text[found.end() :]
    text = _UNIT.sub("", text.replace(" (", "("))
    key = _SQUASH.sub("", text)
    spec = _BY_NAME.get(key)
    if spec is None and key.endswith("年"):  # 产值年 left over from "2024年产值"-style headers
        spec = _BY_NAME.get(key[:-1])
    if spec is None:
        return HeaderMatch(None, year, ignorable=squash(raw) in IGNORABLE)
    return HeaderMatch(spec, year)


def parse_flag(word: str) -> bool | None:
    """True, False, or None when the word is not a yes/no people type."""
    w = squash(word)
    if w in YES_WORDS:
        return True
    if w in NO_WORDS:
        return False
    return None


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+")
_NUMBER_CHARS = 400  # longer text is not a number anyone typed (1e308 has 309 digits)


def parse_number(text: str, percent: bool = False) -> float | None:
    """A number as people type it in a cell (1,234.5 / １２３ / 1e3; `percent`: 12.5%), or None.

    Member files and batch files read numbers written as text with this one rule. The result may
    be infinite (a 400-digit number): callers check their ranges.
    """
    t = unicodedata.normalize("NFKC", text).strip()
    if percent:
        t = t.removesuffix("%").rstrip()
    if len(t) > _NUMBER_CHARS or not _NUMBER.fullmatch(t):
        return None
    return float(t.replace(",", ""))


_TITLE_SPLIT = re.compile(r"[;,、\s|/]+")
_TITLE_LOOKUP = {squash(word): key for word, key in TITLE_WORDS.items()}


def parse_titles(cell: str) -> tuple[tuple[str, ...], list[str]]:
    """(sorted title keys, unknown words) for one 资质 cell."""
    keys: set[str] = set()
    unknown: list[str] = []
    for word in _TITLE_SPLIT.split(unicodedata.normalize("NFKC", cell)):
        w = squash(word)
        if not w:
            continue
        key = (
            _TITLE_LOOKUP.get(w)
            or _TITLE_LOOKUP.get(w + "企业")
            or _TITLE_LOOKUP.get(w.removesuffix("企业"))
        )
        if key is None:
            unknown.append(word.strip())
        else:
            keys.add(key)
    return tuple(sorted(keys)), unknown
