"""The one set of limits: what README.md ("Limits", "Serving a team") says is what the code holds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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
        stated = {value, value // 1024 // 1024, value // 1024 // 1024 // 1024}
        assert numbers & stated, f"README says {line!r} but {name} = {value}"


def test_the_server_listens_on_the_loopback_address_only():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert "serverAddress" not in config.get("browser", {})
    assert "reverse proxy" in _section("Serving a team")
