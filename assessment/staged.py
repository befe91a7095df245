"""A member file aggregated in reported stages: read and check the list, then sum it up.

The page (`dashboard.cache.member_file`) and the command line (`aggregate`) both call this, so
the stages and their words (`assessment.present.i18n`, keys `progress_members_*`) have one home.
The stages are coarse: the reader and the aggregation report nothing from inside.

The law and the indicator model (the policy files, pydantic: ~0.15 s of imports and validation)
are needed only after the file is read, so they load on a second thread while Arrow parses the
file, which leaves the interpreter free (benchmarks/README.md, "aggregate").
"""

from __future__ import annotations

import mmap
import threading
from typing import TYPE_CHECKING

from assessment.present.i18n import t
from assessment.progress import Progress, no_progress

if TYPE_CHECKING:
    from assessment.engine.indicators import Indicators
    from assessment.engine.policy import Policy
    from assessment.members.ingest import MemberTable

__all__ = ["MEMBER_STAGES", "aggregate_in_stages"]

MEMBER_STAGES: tuple[str, ...] = ("progress_members_read", "progress_members_aggregate")


def _stage(progress: Progress, done: int, key: str) -> None:
    progress(done, len(MEMBER_STAGES), t(key, "zh"), t(key, "en"))


def _load_the_law(policies: tuple[Policy, ...] | None) -> None:
    """Import the policy and indicator models and read the policy files, unless given (cached
    for later calls).

    Any failure is left for the caller's own call to raise, with its message, in its thread."""
    try:
        from assessment.engine.policy import load_policies  # noqa: PLC0415

        if policies is None:
            load_policies()
        import assessment.engine.indicators  # noqa: F401, PLC0415 (the model: pydantic)
    except Exception:  # raised again where it is used, in the caller's thread, with its message
        pass


def aggregate_in_stages(
    data: bytes | mmap.mmap,
    filename: str,
    sheet: str | None = None,
    cluster_name: str | None = None,
    *,
    progress: Progress = no_progress,
    policies: tuple[Policy, ...] | None = None,
) -> tuple[MemberTable, Indicators]:
    """(the checked member table, its indicators); `DataFileError` as the reader raises it.

    `policies`: whose titles count only in the leading industry (None: the files in
    `policies/`)."""
    from assessment.members.ingest import read_member_file  # noqa: PLC0415 (lazy: pyarrow)

    meanwhile = threading.Thread(
        target=_load_the_law, args=(policies,), name="load-the-law", daemon=True
    )
    meanwhile.start()  # after the reader's own imports: the two threads import different modules
    read, total = MEMBER_STAGES
    _stage(progress, 0, read)
    try:
        table = read_member_file(data, filename, sheet, policies)  # type: ignore[arg-type]
    finally:
        meanwhile.join()
    from assessment.members.aggregate import aggregate_members  # noqa: PLC0415

    _stage(progress, 1, total)
    indicators = aggregate_members(table, cluster_name, policies)
    _stage(progress, 2, total)
    return table, indicators
