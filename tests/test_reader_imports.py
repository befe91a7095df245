"""The member reader and the words load without pydantic; the law loads beside the parse.

`aggregate` (and an upload) reads the file with Arrow first and needs the policy files and the
indicator model (pydantic, ~0.15 s of imports) only afterwards, so those load on a second thread
while Arrow parses (`assessment.staged`). That works only while the reader's own imports leave
pydantic out. Run in a fresh interpreter, since this one has imported it long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.engine.policy import load_policies
from assessment.errors import DataFileError
from assessment.staged import aggregate_in_stages
from tests.member_factory import csv_bytes, members

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
import assessment.present.i18n, assessment.members.ingest, assessment.engine.names
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"
                        or m in ("assessment.engine.policy", "assessment.engine.indicators"))))
"""


def test_the_reader_and_the_words_import_no_pydantic_and_no_policy() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_titles_counted_only_in_the_leading_industry_need_its_column() -> None:
    """The reader asks the policy files (loaded beside the parse) which titles count only in the
    leading industry: a 小巨人 without the 是否属于主导产业 column is a problem, named."""
    frame = members().drop(columns=["in_leading_industry"])
    with pytest.raises(DataFileError) as caught:
        aggregate_in_stages(csv_bytes(frame), "members.csv")
    (problem,) = caught.value.problems
    assert problem.column == "titles"
    assert "缺少“是否属于主导产业”列" in problem.message_zh
    # the same file with only titles every policy counts everywhere is read and aggregated
    frame["titles"] = frame["titles"].replace({"小巨人": "", "国家级单项冠军": ""})
    _table, indicators = aggregate_in_stages(csv_bytes(frame), "members.csv")
    assert indicators.little_giants == 0


def test_the_titles_counted_only_in_the_leading_industry_come_from_the_policies_given(
    tmp_path: Path,
) -> None:
    """A policy folder of the user's own (the page's CLUSTER_CHECK_POLICIES, the CLI's
    --policies) decides which titles count only in the leading industry, not the project's."""
    for source in (ROOT / "policies").glob("*.toml"):  # the three, no title leading-only
        text = source.read_text(encoding="utf-8")
        (tmp_path / source.name).write_text(
            text.replace("leading_industry_only = true", "leading_industry_only = false"),
            encoding="utf-8",
        )
    own = load_policies(tmp_path)
    frame = members().drop(columns=["in_leading_industry"])
    _table, indicators = aggregate_in_stages(csv_bytes(frame), "members.csv", policies=own)
    assert indicators.little_giants == 1  # counted wherever its enterprise works
    with pytest.raises(DataFileError):  # the project's own policies still ask for the column
        aggregate_in_stages(csv_bytes(frame), "members.csv")
    # the command line takes the folder too
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(frame))
    out = subprocess.run(
        [sys.executable, "-m", "assessment", "aggregate", str(path), "--policies", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["little_giants"] == 1
