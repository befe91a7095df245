"""集群自评 / Cluster Self-Check: judge an SME characteristic industry cluster against each policy.

The public API of the engine (light: pydantic only). Member-data reading (`assessment.ingest`,
`assessment.aggregate`), charts and exports (`assessment.charts`, `.briefing`, `.report_excel`,
`.batch`, `.compare`) load pandas, plotly or openpyxl and are imported from their modules.
"""

from .errors import ClusterCheckError, DataFileError, InputError, PolicyFileError, Problem
from .evaluate import evaluate, in_force_warnings, screen
from .explain import shortfalls, value_vs_threshold
from .indicators import Indicators, indicators_from_json, indicators_json_schema, parse_indicators
from .policy import Policy, load_policies, load_policy
from .results import Assessment, CriterionResult, JurisdictionResult

__all__ = [
    "Assessment",
    "ClusterCheckError",
    "CriterionResult",
    "DataFileError",
    "Indicators",
    "InputError",
    "JurisdictionResult",
    "Policy",
    "PolicyFileError",
    "Problem",
    "evaluate",
    "in_force_warnings",
    "indicators_from_json",
    "indicators_json_schema",
    "load_policies",
    "load_policy",
    "parse_indicators",
    "screen",
    "shortfalls",
    "value_vs_threshold",
]
