"""The one set of limits on what the tool reads (a light module: no pandas, no pyarrow).

The command line (`aggregate`, `evaluate-batch`, `evaluate`, `report`, `compare`), batch
screening and the page all read files through these numbers; README.md ("Limits") states them.
A file beyond a limit is refused with a message naming the limit, before the work it would cost.
"""

__all__ = [
    "MAX_BATCH_ROWS",
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_JSON_BYTES",
    "MAX_NAME_CHARS",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_SHOWN_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
]

MAX_UPLOAD_MB = 200  # .streamlit/config.toml server.maxUploadSize must say the same (a test checks)
# Any member or batch file, CSV or workbook. Decimal megabytes: Streamlit's file widget counts
# maxUploadSize in the browser as MB of 1,000,000 bytes (its server as MiB), and refuses a larger
# file without a word; the smaller count is the one a user meets, so it is the limit everywhere.
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1000 * 1000

# A table (member file or batch file), as a person sees it in Excel.
MAX_ROWS = 2_000_000  # data rows of a member file (Excel itself stops at 1,048,576)
MAX_COLUMNS = 1_000  # columns of a sheet or CSV header (the template has about 30)
MAX_CELLS = 50_000_000  # rows x columns of a workbook sheet's extent (what the reader allocates)
MAX_CELL_CHARS = 10_000  # characters in one cell (a name, a credit code, a number)
MAX_BATCH_ROWS = 100_000  # clusters in one batch file

# A workbook is a zip of XML files: looked at before any of it is parsed.
MAX_ZIP_ENTRIES = 10_000  # files inside the zip
MAX_ZIP_UNCOMPRESSED = 2 * 1024 * 1024 * 1024  # bytes of XML after inflating, all parts together
MAX_ZIP_RATIO = 200  # inflated / compressed size of one part (real sheets: 5-30; bombs: 1000+)

# Scenario / indicators JSON.
MAX_JSON_BYTES = 10 * 1000 * 1000

# Text.
MAX_NAME_CHARS = 200  # a cluster name or a member enterprise name
MAX_TEXT_CHARS = 2_000  # any other free text (a derivation's description)
MAX_SHOWN_CHARS = 50  # an offending value echoed in a message is cut to this many characters

# Problems.
MAX_PROBLEMS = 100  # problems listed one by one per column and kind; the rest are counted
