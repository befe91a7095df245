"""A member file aggregated in reported stages: read and check the list, then sum it up.

The page (`dashboard.cache.member_file`) and the command line (`aggregate`) both call this, so
the stages and their words (`assessment.present.i18n`, keys `progress_members_*`) have one home.
The stages are coarse: the reader and the aggregation report nothing from inside.
"""

from __future__ import annotations

import mmap
from typing import TYPE_CHECKING

from assessment.present.i18n import t
from assessment.progress import Progress, no_progress

if TYPE_CHECKING:
    from assessment.engine.indicators import Indicators
    from assessment.members.ingest import MemberTable

__all__ = ["MEMBER_STAGES", "aggregate_in_stages"]

MEMBER_STAGES: tuple[str, ...] = ("progress_members_read", "progress_members_aggregate")


def _stage(progress: Progress, done: int, key: str) -> None:
    progress(done, len(MEMBER_STAGES), t(key, "zh"), t(key, "en"))


def aggregate_in_stages(
    data: bytes | mmap.mmap,
    filename: str,
    sheet: str | None = None,
    cluster_name: str | None = None,
    progress: Progress = no_progress,
) -> tuple[MemberTable, Indicators]:
    """(the checked member table, its indicators); `DataFileError` as the reader raises it."""
    from assessment.members.aggregate import aggregate_members  # noqa: PLC0415 (lazy: pandas, pyarrow)
    from assessment.members.ingest import read_member_file  # noqa: PLC0415

    read, total = MEMBER_STAGES
    _stage(progress, 0, read)
    table = read_member_file(data, filename, sheet)  # type: ignore[arg-type]
    _stage(progress, 1, total)
    indicators = aggregate_members(table, cluster_name)
    _stage(progress, 2, total)
    return table, indicators
