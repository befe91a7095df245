"""FORMATS.md is the project's own description of its formats: it names every key, id and flag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.engine.names import DECLARATION_KEYS, FIGURE_KEYS, TITLE_KEYS
from assessment.engine.policy import load_policies
from assessment.members.columns import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "FORMATS.md").read_text(encoding="utf-8")
ENGINE = ROOT / "assessment" / "engine"
FLAGS = sorted(
    {f for p in ENGINE.glob("*.py") for f in re.findall(r'flags\.append\("(\w+)"\)', p.read_text())}
)


@pytest.mark.parametrize(
    "key", [*FIGURE_KEYS, *TITLE_KEYS, *DECLARATION_KEYS, "titled_enterprises"]
)
def test_every_indicator_key_is_documented(key):
    assert f"`{key}`" in DOC


def test_every_flag_the_engine_sets_is_documented():
    assert len(FLAGS) >= 10, FLAGS
    for flag in FLAGS:
        assert f"`{flag}`" in DOC, flag


def test_every_criterion_id_and_member_column_is_documented():
    for p in load_policies():
        for c in p.criteria:
            assert f"`{c.id}`" in DOC, c.id
    for spec in COLUMNS:
        name = f"{spec.key}_YYYY" if spec.per_year else spec.key
        assert f"`{name}`" in DOC and spec.zh in DOC, name


def test_the_readme_sends_readers_to_formats_not_to_a_folder_a_clone_lacks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "FORMATS.md" in readme
    assert "../shared" not in readme
