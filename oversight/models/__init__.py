"""The oversight domain's records: the regulator's inspection, its on-site spot test and
its findings."""

from oversight.models.findings import (
    Finding,
    FindingEvidence,
    FindingSource,
    FindingState,
    FindingStep,
    StepKind,
)
from oversight.models.inspections import (
    CheckKind,
    CheckResult,
    Inspection,
    InspectionCheck,
    InspectionInspector,
    InspectionState,
    RecordFiled,
    RepresentativeSignature,
)
from oversight.models.spot_tests import SpotExaminee, SpotTest, SpotTestMode

__all__ = [
    "CheckKind",
    "CheckResult",
    "Finding",
    "FindingEvidence",
    "FindingSource",
    "FindingState",
    "FindingStep",
    "Inspection",
    "InspectionCheck",
    "InspectionInspector",
    "InspectionState",
    "RecordFiled",
    "RepresentativeSignature",
    "SpotExaminee",
    "SpotTest",
    "SpotTestMode",
    "StepKind",
]
