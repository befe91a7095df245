"""Columns of text side by side, one per jurisdiction, as one element: the verdict cards, the
details of a criterion, the shortfalls (Streamlit's custom components v2, in the page, no iframe).

Why one element: every change of a run's state (a move causes four) makes Streamlit's frontend
draw every element of the page again, and every element it is sent once more; three columns of
Markdown in bordered containers with their expanders were ~16 elements a view, this is one, and
its script (`board.js`) rebuilds its DOM only when its data changed. benchmarks/README.md has
the measurements.

The data is text only, never HTML or Markdown: `board.js` sets every text as textContent, so a
user's words (a cluster's name, a file's) show as typed. What a board holds:

- `title`: a heading above the columns, or none;
- `frame`: "each" draws a border around each column (cards, shortfalls), "outer" one border
  around them all (details);
- `columns`: each `{"key": …, "blocks": [...]}`; `key` names the column for styling and tests
  (`card_guangzhou`);
- a block: `{"t": "h3" | "h2" | "p" | "small" | "quote" | "warn", "r": runs}`, a count line
  `{"t": "counts", "pairs": [[label, number, tone], …], "sep": …}`, or a fold (a `<details>`
  whose label shows and whose blocks open on a click) `{"t": "fold", "label": …, "b": blocks}`;
- a run: `[text, tone, bold]`; tone is one of Streamlit's colour words (`style.tone`) or "";
  a line break in a text breaks the line.

Its look is `board.css` (the theme's colours, as the rest of the page); on a phone the columns
stack, as Streamlit's own columns do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.style import PHONE_MAX_PX

__all__ = ["COMPONENT", "Block", "Run", "board_view", "counts_block", "fold", "line", "run"]

COMPONENT = "cluster_board"
_HERE = Path(__file__).parent
_component = st.components.v2.component(
    COMPONENT,
    css=(_HERE / "board.css")
    .read_text(encoding="utf-8")
    .replace("PHONE_MAX_PX", str(PHONE_MAX_PX)),
    js=(_HERE / "board.js").read_text(encoding="utf-8"),
)

Run = list[Any]  # [text, tone, bold]
Block = dict[str, Any]


def run(text: str, tone: str = "", bold: bool = False) -> Run:
    """A piece of text in one tone ('' for the page's ink), bold or not."""
    return [text, tone, bold]


def line(kind: str, *runs: Run) -> Block:
    """A heading ('h3', 'h2'), paragraph ('p', 'small'), quotation ('quote') or caution ('warn')."""
    return {"t": kind, "r": list(runs)}


def fold(label: str, blocks: list[Block]) -> Block:
    """Blocks shown under a label that opens and closes them."""
    return {"t": "fold", "label": label, "b": blocks}


_SLOT = re.compile(r"\{(\w+)\}")
_SEP = re.compile(r"^([\s\u3000·]*)(.*?)\s*$")


def counts_block(template: str, numbers: dict[str, int], tones: dict[str, str]) -> Block:
    """A count line from its words' template ('达标 {green}　需关注 {amber}…'): each label with
    its number (bold, in its tone) kept together on a line; between them the template's own
    separator."""
    parts = _SLOT.split(template)  # label, key, separator and label, key, …
    pairs, sep = [], " "
    for i in range(0, len(parts) - 1, 2):
        lead, label = _SEP.match(parts[i]).groups()  # type: ignore[union-attr]
        if i:
            sep = lead or sep
        key = parts[i + 1]
        pairs.append([label, str(numbers[key]), tones[key]])
    return {"t": "counts", "pairs": pairs, "sep": sep}


def board_view(
    key: str,
    columns: list[dict[str, Any]],
    *,
    title: str | None = None,
    frame: str = "each",
    large: bool = False,
) -> None:
    """Draw one board (see the module's docstring); `large` type for presentation mode."""
    data = {"title": title, "frame": frame, "large": large, "columns": columns}
    # bytes go to the browser as they are; a dict would be searched for data frames
    _component(key=key, data=json.dumps(data, ensure_ascii=False).encode("utf-8"))
