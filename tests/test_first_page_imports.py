"""The first page draws without pandas or pyarrow: they cost about 0.4 s of a cold start.

The page imports them only when a member file, a batch or a chart needs them; the criteria matrix
sends its data as JSON bytes, which Streamlit forwards without looking for a data frame in it.
Run in a fresh interpreter, since this one has imported them long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("streamlit_app.py", default_timeout=120)
at.run()


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


components = [e.proto.component_name for e in walk(at._tree) if e.type == "bidi_component"]
print(json.dumps({
    "errors": [e.value for e in at.exception],
    "components": components,
    "loaded": sorted(m for m in ("pandas", "pyarrow") if m in sys.modules),
}))
"""


def test_the_first_page_imports_neither_pandas_nor_pyarrow() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["errors"] == []
    assert seen["components"] == ["cluster_matrix"]  # the page drew its criteria matrix
    assert seen["loaded"] == []
