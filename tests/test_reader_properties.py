"""Property tests of the one table reader (issue 10): whatever the bytes, a table or a
`DataFileError` with messages, never another exception.

Random bytes, random CSV grammars (separators, quoting, line endings, encodings, BOMs, ragged
rows) and random mutations of a valid workbook go through the member reader and the batch
reader. The reader catches only the parsers' own exception types, so a bug of ours (KeyError,
TypeError, ...) escapes and fails these tests.
"""

from __future__ import annotations

import codecs
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.errors import DataFileError
from assessment.members.excel import member_sheet, sheet_names
from assessment.members.ingest import read_member_file
from assessment.screening.screen import screen_file
from tests.hostile_corpus import cells, workbook
from tests.member_factory import chinese, members

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
_ROWS = [list(chinese(members(4)).columns)] + [
    list(r) for r in chinese(members(4)).itertuples(index=False)
]
_BOOK = workbook([("成员", cells(_ROWS), "visible")])
_BATCH_BOOK = workbook(
    [("S", cells([["cluster_name", "area_km2", "产值_2024"], ["甲", 3, 100]]), "visible")]
)


def _through_every_reader(data: bytes, name: str) -> None:
    for read in (
        lambda: read_member_file(data, name),
        lambda: screen_file(data, name),
    ):
        failure: DataFileError | None = None
        try:
            read()
        except DataFileError as exc:
            failure = exc
        if failure is not None:
            assert failure.problems
            assert all(p.message_zh and p.message_en for p in failure.problems)
    assert isinstance(sheet_names(data), list)  # the page's preselection never raises
    assert member_sheet(data) is None or isinstance(member_sheet(data), str)


@_SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.xlsx", "x.tsv", ""]))
def test_random_bytes(data, name):
    _through_every_reader(data, name)


_cell = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["是", "否", "1,234.5", "１２", "1e308", "9" * 400, "NaN", "#N/A", '"', '""']),
    st.integers(-(10**30), 10**30).map(str),
)
_header = st.lists(
    st.sampled_from(
        [
            "企业名称",
            "统一社会信用代码",
            "是否中小企业",
            "产值_2024",
            "产值_2023",
            "资质",
            "cluster_name",
            "area_km2",
            "no_major_incidents",
            "",
            "x",
        ]
    ),
    min_size=1,
    max_size=8,
)


@st.composite
def csv_files(draw):  # type: ignore[no-untyped-def]
    """A CSV as people (and programs) write them, with every knob turned at random."""
    sep = draw(st.sampled_from([",", "\t", ";", "|"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote_all = draw(st.booleans())
    header = draw(_header)
    rows = draw(st.lists(st.lists(_cell, min_size=0, max_size=len(header) + 2), max_size=12))

    def line(cells_: list[str]) -> str:
        if quote_all:
            return sep.join('"' + c.replace('"', '""') + '"' for c in cells_)
        return sep.join(cells_)

    text = end.join(line(r) for r in [header, *rows]) + draw(st.sampled_from(["", end]))
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from([codecs.BOM_UTF8, b"", b"\x00"])) + data
    return data


@_SETTINGS
@given(csv_files())
def test_random_csv_grammars(data):
    _through_every_reader(data, "x.csv")


@st.composite
def mutated_workbooks(draw):  # type: ignore[no-untyped-def]
    """A valid workbook with its bytes or one of its XML parts changed at random."""
    book = draw(st.sampled_from([_BOOK, _BATCH_BOOK]))
    how = draw(st.sampled_from(["flip", "truncate", "part"]))
    if how == "flip":
        data = bytearray(book)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "truncate":
        return book[: draw(st.integers(0, len(book)))]
    src = zipfile.ZipFile(io.BytesIO(book))
    names = src.namelist()
    target = draw(st.sampled_from(names))
    xml = src.read(target)
    start = draw(st.integers(0, len(xml)))
    stop = draw(st.integers(start, min(len(xml), start + 40)))
    insert = draw(
        st.sampled_from(
            [
                b"",
                b"<",
                b'r="XFD1048576"',
                b'<row r="1048576">',
                b"&amp;",
                b"\xff\xfe",
                b"<f>1</f>",
                b't="e"',
                b'state="hidden"',
                b'<mergeCell ref="A1:B2"/>',
            ]
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            z.writestr(n, xml[:start] + insert + xml[stop:] if n == target else src.read(n))
    return out.getvalue()


@_SETTINGS
@given(mutated_workbooks())
def test_random_mutations_of_a_valid_workbook(data):
    _through_every_reader(data, "x.xlsx")


def test_a_workbook_entry_with_an_empty_name_is_a_message_not_a_crash() -> None:
    """Found by the mutation property: ZipInfo.is_dir() raises on an empty entry name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_BOOK)) as src, zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info))
        z.writestr(zipfile.ZipInfo(""), b"x")
    _through_every_reader(buf.getvalue(), "m.xlsx")
