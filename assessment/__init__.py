"""集群自评 / Cluster Self-Check: judge an SME characteristic industry cluster against each policy.

The public API of the engine. Names load on first use (PEP 562), so that `python -m assessment
aggregate` does not pay for the evaluation modules it never calls. Member-data reading
(`assessment.members.ingest`, `assessment.members.aggregate`), charts and exports (`assessment.present.charts`,
`.briefing`, `.report_excel`, `.batch`, `.compare`) are imported from their modules.
"""

from importlib import import_module
from typing import Any

_WHERE = {
    "ClusterCheckError": "errors",
    "DataFileError": "errors",
    "InputError": "errors",
    "PolicyFileError": "errors",
    "Problem": "errors",
    "evaluate": "engine.evaluate",
    "in_force_warnings": "engine.evaluate",
    "screen": "engine.evaluate",
    "shortfalls": "present.explain",
    "value_vs_threshold": "present.explain",
    "Indicators": "engine.indicators",
    "indicators_from_json": "engine.indicators",
    "indicators_json_schema": "engine.indicators",
    "parse_indicators": "engine.indicators",
    "Policy": "engine.policy",
    "load_policies": "engine.policy",
    "load_policy": "engine.policy",
    "Assessment": "engine.results",
    "CriterionResult": "engine.results",
    "JurisdictionResult": "engine.results",
}

__all__ = [  # noqa: RUF022 (grouped as in _WHERE)
    "ClusterCheckError",
    "DataFileError",
    "InputError",
    "PolicyFileError",
    "Problem",
    "evaluate",
    "in_force_warnings",
    "screen",
    "shortfalls",
    "value_vs_threshold",
    "Indicators",
    "indicators_from_json",
    "indicators_json_schema",
    "parse_indicators",
    "Policy",
    "load_policies",
    "load_policy",
    "Assessment",
    "CriterionResult",
    "JurisdictionResult",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'assessment' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
