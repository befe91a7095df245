"""The one set of limits: what README.md ("Limits", "Serving a team") says is what the code holds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from assessment import limits

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_every_limit_is_in_the_readme_table_with_its_value():
    table = _section("Limits")
    for name in limits.__all__:
        value = getattr(limits, name)
        if name == "MAX_UPLOAD_MB":
            continue  # stated as MAX_UPLOAD_BYTES
        line = next((ln for ln in table.splitlines() if f"`{name}`" in ln), None)
        assert line is not None, f"{name} is not in README's Limits table"
        numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", line)}
        # a size is written in bytes, MB (10^6) or MiB/GiB as the limit is defined, never rounded
        units = (10**6, 10**9, 2**20, 2**30)
        stated = {value} | {value // u for u in units if value and value % u == 0}
        assert numbers & stated, f"README says {line!r} but {name} = {value}"


def test_the_server_listens_on_the_loopback_address_only():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert "serverAddress" not in config.get("browser", {})
    assert "reverse proxy" in _section("Serving a team")


def test_values_at_the_top_of_every_range_evaluate_and_export():
    """The ranges make math.fsum overflow impossible: every accepted value can be judged."""
    from assessment.engine.evaluate import evaluate  # noqa: PLC0415
    from assessment.engine.indicators import Indicators  # noqa: PLC0415
    from assessment.engine.names import TITLE_KEYS  # noqa: PLC0415
    from assessment.engine.policy import load_policies  # noqa: PLC0415
    from assessment.exports.report_excel import excel_report  # noqa: PLC0415

    fields = Indicators.model_fields
    top: dict[str, object] = {"output_by_year": {str(y): 1e6 for y in range(1949, 2101)}}
    for key, field in fields.items():
        if key in top or key in ("cluster_name", "derivations", "titled_enterprises"):
            continue
        bound = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
        if bound is None:  # bool declarations
            continue
        top[key] = bound
    top["titled_enterprises"] = [{"titles": list(TITLE_KEYS), "count": 100_000_000}] * 3
    ind = Indicators.model_validate(top)
    result = evaluate(ind, load_policies())
    assert result.results  # judged, no OverflowError
    assert excel_report(result, ind, "en")[:2] == b"PK"


def test_an_output_of_1e308_is_refused_with_the_field_named():
    from assessment.engine.indicators import indicators_from_json  # noqa: PLC0415
    from assessment.errors import InputError  # noqa: PLC0415

    with pytest.raises(InputError) as caught:
        indicators_from_json('{"output_by_year": {"2023": 1e308, "2024": 1e308}}')
    assert caught.value.field.startswith("output_by_year")
    assert "各年产值" in caught.value.message("zh")
