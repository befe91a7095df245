"""UI words and the pure input helpers: both languages complete, widgets <-> indicators lossless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.engine.indicators import parse_indicators
from assessment.engine.names import DECLARATION_KEYS, DIMENSIONS, FIGURE_KEYS, TITLE_KEYS
from assessment.engine.policy import load_policies
from assessment.present.askers import declaration_askers, declarations_by_dimension, figure_askers
from assessment.present.changes import changes
from assessment.present.i18n import DECLARATION_LABEL, FIGURE_INPUTS, STRINGS, TITLE_LABEL, t
from assessment.present.inputs import (
    export_stem,
    fig_key,
    indicators_dict,
    md_escape,
    parse_lang,
    state_from_indicators,
    widget_range,
)

ALL_MET = json.loads((Path(__file__).parent / "fixtures" / "all_met.json").read_text("utf-8"))


def test_every_string_in_both_languages() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == {"zh", "en"}, key
        assert all(v.strip() for v in texts.values()), key


def test_placeholders_filled() -> None:
    assert t("file_problems", "en", name="a.csv", n=3).startswith("The file “a.csv” has 3")
    assert "200 MB" in t("upload_members_help", "zh", mb=200)


def test_every_contract_key_has_an_input() -> None:
    shown = {f.key for f in FIGURE_INPUTS} | {"output_by_year"}
    assert shown == set(FIGURE_KEYS)
    assert set(TITLE_LABEL) == set(TITLE_KEYS)
    assert set(DECLARATION_LABEL) == set(DECLARATION_KEYS)
    assert all(f.dimension in DIMENSIONS for f in FIGURE_INPUTS)


def test_round_trip_through_widgets() -> None:
    ind = parse_indicators(ALL_MET)
    back = indicators_dict(state_from_indicators(ind), ind)
    assert parse_indicators(back).to_json_dict() == {
        k: v for k, v in ind.to_json_dict().items() if k != "derivations"
    } | ({"derivations": ind.to_json_dict()["derivations"]} if ind.derivations else {})


def test_changes_list_only_what_moved() -> None:
    ind = parse_indicators(ALL_MET)
    state = state_from_indicators(ind)
    assert changes(indicators_dict(state, ind), ind.to_json_dict(), "zh") == []
    state[fig_key("sme_output_share_pct")] = 59.0
    rows = changes(indicators_dict(state, ind), ind.to_json_dict(), "en")
    assert len(rows) == 1 and rows[0]["after"] == "59" and "SME share" in rows[0]["field"]


def test_askers_come_from_the_policies() -> None:
    pols = load_policies()
    asked = declaration_askers(pols)
    assert asked["supply_chain_map"] == ["shanghai"]
    assert asked["growth_exemption_claimed"] == ["hainan"]  # an exemption, not a criterion
    assert set(asked["energy_intensive_industry"]) == {"shanghai", "hainan"}  # applies_if
    assert "shanghai" in figure_askers(pols)["invention_patent_growth_pct"]  # fallback basis
    groups = declarations_by_dimension(pols, DIMENSIONS)
    assert sorted(k for _, ks in groups for k in ks) == sorted(DECLARATION_KEYS)


@pytest.mark.parametrize(
    ("text", "bad"),
    [("**x**", "**"), ("<img src=x>", "<img"), ("[a](http://b)", "]("), ("![i](u)", "![")],
)
def test_md_escape(text: str, bad: str) -> None:
    assert bad not in md_escape(text)


def test_url_language_and_ranges() -> None:
    assert parse_lang("en") == "en" and parse_lang("EN") == "en"
    assert parse_lang(None) == "zh" and parse_lang("fr") == "zh"
    assert widget_range(0, 500, 900.0) == (0, 900.0)
    assert widget_range(0, 500, None) == (0, 500)


def test_export_file_names_come_from_the_cluster_name_safely() -> None:
    assert (
        export_stem("松禾区五金紧固件产业集群（虚构）", "2026-11-23")
        == "松禾区五金紧固件产业集群-虚构-2026-11-23"
    )
    assert "/" not in export_stem("../../etc/passwd", "d") and ".." not in export_stem("../x", "d")
    assert export_stem(None, "2026-01-01") == "cluster-2026-01-01"


def test_the_upload_limit_is_said_once() -> None:
    """The app's config and the reader agree on the upload limit."""
    import tomllib  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from assessment.limits import MAX_UPLOAD_MB  # noqa: PLC0415
    from assessment.members.ingest import MAX_UPLOAD_BYTES  # noqa: PLC0415

    config = tomllib.loads(
        (Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text()
    )
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    # the file widget counts MB as 10^6 bytes in the browser (2^20 on its server): the smaller
    assert MAX_UPLOAD_BYTES == MAX_UPLOAD_MB * 1000 * 1000


def test_route_declarations_are_asked_under_the_route_that_reads_them() -> None:
    from assessment.present.route_questions import ROUTE_GROUP, route_askers, route_askers_text  # noqa: PLC0415

    pols = load_policies()
    groups = dict(declarations_by_dimension(pols, DIMENSIONS))
    assert set(groups[ROUTE_GROUP]) == {
        "recognized_national_cluster",
        "recognized_provincial_cluster",
    }
    assert "" not in groups  # every declaration is read by a criterion or opens a route
    routes = route_askers(pols)
    assert routes["recognized_provincial_cluster"] == [("guangzhou", "1.6")]
    assert route_askers_text(routes["recognized_provincial_cluster"], pols, "zh") == "广州 1.6"
    assert route_askers_text(routes["recognized_national_cluster"], pols, "en") == "Guangzhou 1.6"
