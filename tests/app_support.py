"""Helpers for the page's AppTest tests."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from assessment.engine.evaluate import evaluate
from assessment.engine.policy import load_policies
from assessment.engine.results import Assessment
from assessment.present.tables import matrix_grid
from assessment.present.vocabulary import STATUS_MARK
from dashboard.inputs_panel import group_key
from dashboard.state import GROUP_PREFIX
from dashboard.style import cell_style

__all__ = [
    "block_text",
    "board_texts",
    "boards",
    "cards",
    "close_inputs",
    "matrices",
    "matrix_data",
    "matrix_is_the_layer_s",
    "open_figures",
    "open_inputs",
    "read_board",
    "shown_matrix",
    "verdicts",
    "whole",
]


def _set_groups(at: AppTest, is_open: bool) -> AppTest:
    for key in list(at.session_state.keys()):
        if str(key).startswith(GROUP_PREFIX):
            at.session_state[key] = is_open
    return at.run()


def open_inputs(at: AppTest) -> AppTest:
    """Open every input group of the sidebar (each draws its widgets only while open) and run."""
    return _set_groups(at, True)


def open_figures(at: AppTest) -> AppTest:
    """Open the first figure group (the output years, the area, growth and the two shares; every
    group starts closed, dashboard.inputs_panel) and rerun the page. A click in the browser
    reruns only the inputs' fragment; the browser tests click (tests/browser_support)."""
    at.session_state[group_key("fig", 0)] = True
    return at.run()


def close_inputs(at: AppTest) -> AppTest:
    """Close every input group of the sidebar and run."""
    return _set_groups(at, False)


def whole(at: AppTest) -> AppTest:
    """A plain run, so the tree holds the whole page again.

    A figure or an answer changed reruns only the fragments it shows in (the callbacks name
    them), and AppTest's tree after such a run holds only those fragments' elements; the
    browser keeps the rest of the page as it was.
    """
    return at.run()


def _elements(node: Any) -> list[Any]:
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_elements(child))
    return out


def matrix_data(at: AppTest, lang: str | None = None) -> dict[str, Any]:
    """The data the page sent to its criteria matrix (dashboard/matrix), as the browser gets it.

    AppTest does not know the custom component, so it shows as an unknown element whose
    protobuf carries the JSON as UTF-8 bytes; `lang` None takes whichever language's matrix is on the page.
    """
    found = matrices(at, lang)
    assert len(found) == 1, f"expected one matrix, found {len(found)}"
    return found[0]


def matrices(at: AppTest, lang: str | None = None) -> list[dict[str, Any]]:
    """The data of every criteria matrix on the page (none while its tab is closed)."""
    keys = [f"matrix_{lang}"] if lang else ["matrix_zh", "matrix_en"]
    return [
        json.loads(e.proto.bytes.decode("utf-8"))
        for e in _elements(at._tree)
        if getattr(e, "type", None) == "bidi_component"
        and e.proto.component_name == "cluster_matrix"
        and any(e.proto.id.endswith(f"-{k}") for k in keys)
    ]


def shown_matrix(at: AppTest, lang: str | None = None) -> pd.DataFrame:
    """The matrix's text cells as the page sent them: one row per criterion, titled columns."""
    data = matrix_data(at, lang)
    return pd.DataFrame(data["cells"], columns=data["columns"])


def matrix_is_the_layer_s(at: AppTest, lang: str) -> tuple[Assessment, dict[str, Any]]:
    """Assert the page's matrix is `tables.matrix_grid` of the page's own assessment, every
    cell coloured by `style.cell_style`; return the assessment and the matrix's data."""
    a = evaluate(
        at.session_state["current_ind"], load_policies(), at.session_state["assessment_date"]
    )
    grid = matrix_grid(a, lang)
    data = matrix_data(at, lang)
    assert data["columns"] == list(grid.columns)
    assert data["codes"] == [r.jurisdiction for r in a.results]
    assert data["ids"] == list(grid.ids)
    assert data["cells"] == [list(row) for row in grid.cells]
    assert data["statuses"] == [list(row) for row in grid.statuses]
    for row in data["statuses"]:
        for status in row[2:]:
            assert data["styles"][status] == cell_style(status)
    # what a phone's lists add: the verdicts, the cells' words without their marks, the marks
    assert data["verdicts"] == list(grid.verdicts)
    assert data["texts"] == [list(row) for row in grid.texts]
    lit = {s for row in grid.statuses for s in row[2:] if s}
    assert data["marks"] == {s: STATUS_MARK[s] for s in lit}
    return a, data


def boards(at: AppTest, key: str | None = None) -> list[dict[str, Any]]:
    """The page's boards (dashboard/board: the cards, a criterion's details, the shortfalls),
    read back from the HTML the browser gets into the blocks they were drawn from; `key` picks
    one ('cards', 'what_it_takes', 'details_zh')."""
    found = []
    for e in _elements(at._tree):
        if getattr(e, "type", None) != "markdown" or 'class="bd' not in e.proto.body:
            continue
        assert e.proto.allow_html, "a board's HTML would show as text"
        assert e.proto.body.startswith('<div class="bd bd-'), e.proto.body[:80]
        board = read_board(e.proto.body)
        if key is None or board["key"] == key:
            found.append(board)
    return found


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs, self.kids = tag, attrs, []  # kids: _Node or str

    def cls(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.top = _Node("", {})
        self.stack = [self.top]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].kids.append("\n" if tag == "br" else node)
        if tag != "br":
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop().tag == tag, tag

    def handle_data(self, data: str) -> None:
        self.stack[-1].kids.append(data)


def _parse(body: str) -> list[_Node]:
    tree = _Tree()
    tree.feed(body)
    tree.close()
    return [k for k in tree.top.kids if isinstance(k, _Node)]


def _runs(node: _Node) -> list[list[Any]]:
    out: list[list[Any]] = []
    for k in node.kids:
        assert isinstance(k, _Node) and k.tag in ("span", "b"), k
        if k.attrs.get("aria-hidden") == "true":
            continue  # a caution's mark, not its words
        tone = next((c[2:] for c in k.cls() if c.startswith("t-")), "")
        out.append([k.text(), tone, k.tag == "b"])
    return out


def _blocks(node: _Node) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k in node.kids:
        assert isinstance(k, _Node), k
        if k.tag in ("h2", "h3"):
            out.append({"t": k.tag, "r": _runs(k)})
        elif k.tag == "blockquote":
            (p,) = k.kids
            out.append({"t": "quote", "r": _runs(p)})  # type: ignore[arg-type]
        elif k.tag == "details":
            label, *rest = k.kids
            assert isinstance(label, _Node) and label.tag == "summary", label
            inner = _Node("", {})
            inner.kids = rest
            out.append({"t": "fold", "label": label.text(), "b": _blocks(inner)})  # type: ignore[union-attr]
        elif "counts" in k.cls():
            pairs = [x for x in k.kids if isinstance(x, _Node)]
            seps = {x for x in k.kids if isinstance(x, str)}
            assert len(seps) <= 1, seps
            out.append(
                {
                    "t": "counts",
                    "pairs": [
                        [p.kids[0].rstrip("\u00a0"), p.kids[1].text(), p.kids[1].cls()[0][2:]]  # type: ignore[union-attr]
                        for p in pairs
                    ],
                    "sep": seps.pop() if seps else " ",
                }
            )
        else:
            assert k.tag == "p", k.tag
            kind = "small" if "small" in k.cls() else "warn" if "warn" in k.cls() else "p"
            out.append({"t": kind, "r": _runs(k)})
    return out


def read_board(html: str) -> dict[str, Any]:
    """One board's HTML (dashboard/board.board_html) read back into what it was drawn from."""
    (root,) = _parse(html)
    return _board(root)


def _board(root: _Node) -> dict[str, Any]:
    classes = root.cls()
    title = next((k.text() for k in root.kids if isinstance(k, _Node) and k.tag == "h3"), None)
    (grid,) = [k for k in root.kids if isinstance(k, _Node) and k.tag == "div"]
    return {
        "key": next(c[3:] for c in classes if c.startswith("bd-")),
        "title": title,
        "large": "large" in classes,
        "frame": grid.cls()[1],
        "columns": [
            {"key": sec.attrs["class"], "blocks": _blocks(sec)}
            for sec in grid.kids
            if isinstance(sec, _Node)
        ],
    }


def block_text(block: dict[str, Any]) -> str:
    """A board's block as the reader sees its words (a fold: its label, then its blocks)."""
    if block["t"] == "counts":
        return block["sep"].join(f"{label}\u00a0{n}" for label, n, _tone in block["pairs"])
    if block["t"] == "fold":
        return "\n".join([block["label"], *(block_text(b) for b in block["b"])])
    return "".join(text for text, _tone, _bold in block["r"])


def board_texts(at: AppTest, key: str | None = None, *, quotes: bool = True) -> list[str]:
    """Every board's title and blocks as the reader sees their words, in the page's order;
    `quotes` False leaves out the law's own words (quoted, in Chinese on purpose)."""
    texts: list[str] = []
    for board in boards(at, key):
        texts += [board["title"]] if board["title"] else []
        texts += [
            block_text(b)
            for col in board["columns"]
            for b in col["blocks"]
            if quotes or b["t"] != "quote"
        ]
    return texts


def cards(at: AppTest) -> list[tuple[str, str]]:
    """(name, verdict headline) of each verdict card, in card order, e.g. ('广州',
    ':green[符合认定条件]'): a card is a column of the 'cards' board, its name the first
    heading, its verdict the second in the verdict's colour."""
    out = []
    for board in boards(at, "cards"):
        for col in board["columns"]:
            name, verdict = col["blocks"][0], col["blocks"][1]
            assert (name["t"], verdict["t"]) == ("h3", "h2"), col
            text, tone, _bold = verdict["r"][0]
            out.append((block_text(name), f":{tone}[{text}]"))
    return out


def verdicts(at: AppTest) -> list[str]:
    """The verdict headline of each card, in card order, e.g. ':green[符合认定条件]'."""
    return [verdict for _name, verdict in cards(at)]
