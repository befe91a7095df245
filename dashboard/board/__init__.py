"""Columns of text side by side, one per jurisdiction, as one element: the verdict cards, the
details of a criterion, the shortfalls (one Markdown element of HTML each).

Why one element: every change of a run's state (running, finished, for each of a move's two
script runs) makes Streamlit's frontend draw every element of the page again, and a move
re-sends the results; three columns of Markdown in bordered containers with their expanders
were ~16 elements, this is one. HTML in a
Markdown element rather than a custom component: a component also fetches its own module after
Streamlit's lazy chunks, the last wave of the first page. The cost either way: Markdown's raw
HTML is a lazy chunk too, so on a cold start the cards show with the page's last wave (with the
matrix), ~0.2-0.45 s after separate Markdown elements did. benchmarks/README.md has the
measurements.

The page's views (dashboard/results, dashboard/details) build a board from blocks of text; it is
drawn here, once, as HTML in which every text is escaped and every line ending is a `<br>`, so
the HTML has no line break at all (a user's words, a file's column names, show as typed):

- `title`: a heading above the columns, or none;
- `frame`: "each" draws a border around each column (cards, shortfalls), "outer" one border
  around them all (details);
- `columns`: each `{"key": …, "blocks": [...]}`; `key` is the column's class (`card_guangzhou`);
- a block: `{"t": "h3" | "h2" | "p" | "small" | "quote" | "warn", "r": runs}`, a count line
  `{"t": "counts", "pairs": [[label, number, tone], …], "sep": …}`, or a fold (a `<details>`
  whose label shows and whose blocks open on a click) `{"t": "fold", "label": …, "b": blocks}`;
- a run: `[text, tone, bold]`; tone is one of Streamlit's colour words (`vocabulary.STATUS_TONE`) or "";
  a line break in a text breaks the line.

Its look is `board.css` (dashboard/style puts it into the page's CSS, with the tones' colours);
on a phone the columns stack, as Streamlit's own columns do.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import streamlit as st

__all__ = [
    "Block",
    "Run",
    "board_html",
    "board_view",
    "counts_block",
    "fold",
    "line",
    "run",
]

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
    parts = _SLOT.split(template)  # label, key, separator and label, key, …, ''
    if parts[-1].strip():
        raise ValueError(f"words after the last number: {template!r}")
    pairs, sep = [], " "
    for i in range(0, len(parts) - 1, 2):
        lead, label = _SEP.match(parts[i]).groups()  # type: ignore[union-attr]
        if i:
            sep = lead or sep
        key = parts[i + 1]
        pairs.append([label, str(numbers[key]), tones[key]])
    return {"t": "counts", "pairs": pairs, "sep": sep}


def board_view(key: str, columns: list[dict[str, Any]], **how: Any) -> None:
    """Draw one board (see the module's docstring and `board_html`)."""
    # HTML allowed: `board_html` escapes every text and writes no line break, so Markdown reads
    # it as one block of HTML (a block ends only at a blank line) and none of the words as
    # Markdown
    st.markdown(board_html(key, columns, **how), unsafe_allow_html=True)


def board_html(
    key: str,
    columns: list[dict[str, Any]],
    *,
    title: str | None = None,
    frame: str = "each",
    large: bool = False,
) -> str:
    """The board as HTML, every text escaped; `key` is its class (`bd-cards`), `large` type
    for presentation mode."""
    if frame not in ("each", "outer"):
        raise ValueError(f"frame {frame!r}: 'each' or 'outer'")
    head = f'<h3 class="title">{_text(title)}</h3>' if title else ""
    cols = "".join(
        f'<section class="{escape(col["key"])}">{"".join(map(_block, col["blocks"]))}</section>'
        for col in columns
    )
    grid = f'<div class="grid {frame}" style="--n:{len(columns)}">{cols}</div>'
    return f'<div class="bd bd-{escape(key)}{" large" if large else ""}">{head}{grid}</div>'


_LINE_END = re.compile(r"\r\n|\r|\n")  # Markdown's line endings: a lone \r ends a line too


def _text(text: str) -> str:
    return "<br>".join(escape(part) for part in _LINE_END.split(str(text)))


def _runs(runs: list[Run]) -> str:
    out = []
    for text, tone, bold in runs:
        tag = "b" if bold else "span"
        cls = f' class="t-{escape(tone)}"' if tone else ""
        out.append(f"<{tag}{cls}>{_text(text)}</{tag}>")
    return "".join(out)


def _block(b: Block) -> str:
    kind = b["t"]
    if kind in ("h2", "h3"):
        return f"<{kind}>{_runs(b['r'])}</{kind}>"
    if kind == "small":
        return f'<p class="small">{_runs(b["r"])}</p>'
    if kind == "warn":
        return f'<p class="warn" role="note"><span aria-hidden="true">⚠ </span>{_runs(b["r"])}</p>'
    if kind == "quote":
        return f"<blockquote><p>{_runs(b['r'])}</p></blockquote>"
    if kind == "counts":
        pairs = (
            f'<span class="pair">{_text(label)}\u00a0<b class="t-{escape(tone)}">{n}</b></span>'
            for label, n, tone in b["pairs"]
        )
        return f'<p class="counts">{_text(b["sep"]).join(pairs)}</p>'
    if kind == "fold":
        inner = "".join(map(_block, b["b"]))
        return f"<details><summary>{_text(b['label'])}</summary>{inner}</details>"
    return f"<p>{_runs(b['r'])}</p>"
