"""The declarations that open a route to recognition (广州 1.6) rather than answer a criterion:
which jurisdiction's route reads each, so the page can ask them under their own heading."""

from __future__ import annotations

from collections.abc import Iterable

from assessment.engine.policy import Policy

__all__ = ["ROUTE_GROUP", "route_askers", "route_askers_text"]

ROUTE_GROUP = "route"  # the group of declarations that open a route, not read by any criterion


def route_askers(policies: Iterable[Policy]) -> dict[str, list[tuple[str, str]]]:
    """For each declaration that opens a route (广州 1.6), the (jurisdiction id, clause) pairs."""
    found: dict[str, list[tuple[str, str]]] = {}
    for p in policies:
        for r in p.routes:
            for k in r.declarations:
                found.setdefault(k, []).append((p.id, r.clause))
    return found


def route_askers_text(pairs: list[tuple[str, str]], policies: Iterable[Policy], lang: str) -> str:
    """'广州 1.6' / 'Guangzhou 1.6' for the routes a declaration opens."""
    pols = {p.id: p for p in policies}
    return ("、" if lang == "zh" else ", ").join(
        f"{(pols[pid].document.name_zh if lang == 'zh' else pols[pid].document.name_en)} {clause}"
        for pid, clause in pairs
        if pid in pols
    )
