"""The whole scenario in a link: every input, compact, and back again (pure; no streamlit).

A link carries `lang` (zh / en), `sample` (a sample's slug, when the view starts from a sample) and
`s`, a token holding everything else the inputs say: the figures, declarations, titled groups,
the assessment date, the cluster name and where the figures came from (a sample, a file's name,
or typed by hand). Member rows never travel: an uploaded file survives as its figures. A view
that starts from a sample carries only what differs from the sample (`i`: the changed fields,
`x`: the fields emptied), which keeps its link short.

The token is `1` (the format's edition) followed by the URL-safe base64 of the zlib-compressed
JSON object {"k": kind, "n": file name, "d": date, "i": indicators, "x": [emptied fields]}. A token this module cannot
read raises `LinkError`, whose message says so in both languages; the page then opens its
default view.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from assessment.engine.indicators import parse_indicators
from assessment.errors import ClusterCheckError, InputError

__all__ = [
    "EDITION",
    "KINDS",
    "MAX_TOKEN",
    "LinkError",
    "LinkScenario",
    "compact_indicators",
    "decode",
    "diff",
    "encode",
    "merge",
]

EDITION = "1"
KINDS = ("sample", "manual", "file")
MAX_TOKEN = 16_000  # characters; a link's scenario is a few hundred
_MAX_JSON = 200_000  # bytes after decompression: a token cannot unpack into a bomb


class LinkError(ClusterCheckError):
    """A link whose scenario cannot be read (old, cut short, or edited by hand)."""


@dataclass(frozen=True)
class LinkScenario:
    """What a link holds besides the language and the sample's slug."""

    kind: str  # "sample", "manual" or "file"
    indicators: dict[str, Any]  # CONTRACT JSON, validated (for a sample: only what differs)
    assessment_date: dt.date | None = None
    file_name: str = ""
    removed: tuple[str, ...] = ()  # for a sample: the fields emptied


def diff(base: dict[str, Any], current: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """(the fields of `current` that differ from `base`, the fields of `base` it lacks)."""
    b, c = compact_indicators(base), compact_indicators(current)
    changed = {k: v for k, v in c.items() if b.get(k) != v}
    return changed, tuple(k for k in b if k not in c)


def merge(base: dict[str, Any], changed: dict[str, Any], removed: tuple[str, ...]) -> dict:
    """`base` with `changed` laid over it and `removed` taken out (the inverse of `diff`)."""
    out = {k: v for k, v in compact_indicators(base).items() if k not in removed}
    out.update(changed)
    return out


def compact_indicators(ind: dict[str, Any]) -> dict[str, Any]:
    """The indicators a link needs: no derivations, titled enterprises grouped with a count."""
    out = {k: v for k, v in ind.items() if k != "derivations" and v is not None}
    titled = out.get("titled_enterprises")
    if titled:
        counts: Counter[tuple[tuple[str, ...], bool | None]] = Counter()
        for e in titled:
            counts[(tuple(sorted(e["titles"])), e.get("leading_industry"))] += int(
                e.get("count", 1)
            )
        out["titled_enterprises"] = [
            {
                "titles": list(titles),
                **({} if lead is None else {"leading_industry": lead}),
                "count": n,
            }
            for (titles, lead), n in sorted(counts.items(), key=lambda kv: repr(kv[0]))
        ]
    return out


def encode(scenario: LinkScenario) -> str:
    """The token for `s=`: compact, URL-safe, no padding."""
    payload: dict[str, Any] = {"k": scenario.kind, "i": compact_indicators(scenario.indicators)}
    if scenario.file_name:
        payload["n"] = scenario.file_name
    if scenario.removed:
        payload["x"] = list(scenario.removed)
    if scenario.assessment_date is not None:
        payload["d"] = scenario.assessment_date.isoformat()
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    packed = zlib.compress(raw.encode("utf-8"), 9)
    return EDITION + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _bad(zh: str, en: str) -> LinkError:
    return LinkError(
        f"链接中的情景无法读取（{zh}），已打开默认视图。",
        f"The link's scenario cannot be read ({en}); the default view is open instead.",
    )


def decode(token: str) -> LinkScenario:
    """The scenario of a token; raises `LinkError` saying what is wrong with it."""
    token = (token or "").strip()
    if not token:
        raise _bad("链接为空", "the link is empty")
    if len(token) > MAX_TOKEN:
        raise _bad("链接过长", "the link is too long")
    if token[0] != EDITION:
        raise _bad(
            "链接格式版本不同，可能来自旧版本", "its format is of another, probably older, edition"
        )
    body = token[1:]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, _MAX_JSON)
        if unpacker.unconsumed_tail:
            raise _bad("内容过大", "its content is too large")
        payload = json.loads(raw.decode("utf-8"))
    except LinkError:
        raise
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError):
        raise _bad("链接不完整或被改动过", "the link is cut short or was edited") from None
    if not isinstance(payload, dict) or payload.get("k") not in KINDS:
        raise _bad("链接不完整或被改动过", "the link is cut short or was edited")
    try:
        ind = parse_indicators(payload.get("i")).to_json_dict()
    except InputError as exc:
        raise _bad(f"指标有误：{exc.message_zh}", f"a figure is wrong: {exc.message_en}") from None
    day = None
    if payload.get("d") is not None:
        try:
            day = dt.date.fromisoformat(str(payload["d"]))
        except ValueError:
            raise _bad("评估日期有误", "its assessment date is wrong") from None
    name = payload.get("n") or ""
    if not isinstance(name, str):
        raise _bad("文件名有误", "its file name is wrong")
    removed = payload.get("x") or []
    if not isinstance(removed, list) or not all(isinstance(k, str) for k in removed):
        raise _bad("链接不完整或被改动过", "the link is cut short or was edited")
    return LinkScenario(str(payload["k"]), ind, day, name[:200], tuple(removed))
