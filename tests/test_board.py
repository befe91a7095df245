"""The boards' HTML (dashboard/board): every text escaped, one block of HTML, read back whole."""

from __future__ import annotations

from assessment.present.vocabulary import COUNT_TONE, WORDS
from dashboard.board import board_html, counts_block, fold, line, run
from tests.app_support import read_board

# a blank line would end Markdown's block of HTML: '\n\n', and a lone '\r' ends a line too
HOSTILE = (
    'A <img src=x onerror="alert(1)"> **b** :red[r] $x$ &amp;\n\nline\r\r    ![i](http://e/p.png)'
)


def test_every_text_is_escaped_and_no_line_is_blank() -> None:
    html = board_html(
        "t",
        [{"key": "c1", "blocks": [line("p", run(HOSTILE, "red", True)), fold(HOSTILE, [])]}],
        title=HOSTILE,
    )
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&amp;amp;" in html  # an ampersand the user typed stays one
    # Markdown reads a block of HTML up to its first blank line: there is none, so none of
    # the words is read as Markdown (bold, colour, maths)
    assert (
        "\n" not in html and "\r" not in html and html.count("<br><br>") == 6
    )  # two in each of the three texts


def test_the_html_reads_back_as_the_blocks_it_was_drawn_from() -> None:
    counts = counts_block(
        WORDS["counts"]["zh"],
        dict.fromkeys(COUNT_TONE, 3),
        COUNT_TONE,
    )
    blocks = [
        line("h3", run("广州")),
        line("h2", run("不符合", "red")),
        counts,
        line("p", run("✘", "red"), run(" 还差\n两行")),
        line("small", run(HOSTILE.replace("\r", "\n"))),  # a line ending reads back as '\n'
        line("quote", run("原文")),
        line("warn", run("注意")),
        fold("解读（1）", [line("small", run("一条"))]),
    ]
    board = read_board(
        board_html("cards", [{"key": "card_x", "blocks": blocks}], title="认定结论", large=True)
    )
    assert board == {
        "key": "cards",
        "title": "认定结论",
        "large": True,
        "frame": "each",
        "columns": [{"key": "card_x", "blocks": blocks}],
    }


def test_a_count_line_keeps_each_label_with_its_number() -> None:
    tones = COUNT_TONE
    n = {"green": 20, "amber": 1, "red": 0, "unknown": 25, "not_applicable": 2}
    zh = counts_block(WORDS["counts"]["zh"], n, tones)
    assert zh["sep"] == "\u3000"
    assert zh["pairs"] == [
        ["达标", "20", "green"],
        ["需关注", "1", "orange"],
        ["未达标", "0", "red"],
        ["未知", "25", "gray"],
        ["不适用", "2", "gray"],
    ]
    en = counts_block(WORDS["counts"]["en"], n, tones)
    assert en["sep"] == " · " and en["pairs"][0] == ["met", "20", "green"]
