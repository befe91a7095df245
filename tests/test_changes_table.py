"""The list of what was changed from the loaded source: a Markdown table, its cells escaped."""

from __future__ import annotations

from tests.test_app import changes_table, fresh, load_scenario


def test_a_typed_name_stays_plain_text_in_the_changes_table() -> None:
    at = load_scenario(fresh())
    assert changes_table(at) == []  # nothing changed yet: no table
    name = "A|B **bold** <b>x</b> [link](http://x)"
    at.text_input(key="cluster_name").set_value(name).run()
    assert not at.exception
    rows = changes_table(at)
    assert len(rows) == 1 and len(rows[0]) == 3
    assert rows[0][2] == name  # the row's cell, read back, is what was typed
    raw = next(str(m.value) for m in at.markdown if str(m.value).startswith("| "))
    for unsafe in ("A|B", "**bold**", "<b>", "[link]"):  # escaped in the Markdown sent
        assert unsafe not in raw
