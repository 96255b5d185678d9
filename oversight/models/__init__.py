"""The oversight domain's records: the regulator's inspection and its on-site spot test."""

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
    "Inspection",
    "InspectionCheck",
    "InspectionInspector",
    "InspectionState",
    "RecordFiled",
    "RepresentativeSignature",
    "SpotExaminee",
    "SpotTest",
    "SpotTestMode",
]
