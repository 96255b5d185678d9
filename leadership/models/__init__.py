"""Leadership's tables, one module per concern (imported here so Django finds them)."""

from leadership.models.action_plans import (
    ActionPlan,
    ActivityKind,
    ActivityPhoto,
    AtPlace,
    Period,
    PlanItem,
    PlanStatus,
    Problem,
    ProblemStatus,
    ProblemStep,
    SiteActivity,
    StepKind,
)
from leadership.models.commitments import Commitment, CommitmentTemplate, CommitmentTier
from leadership.models.hazards import (
    EnterpriseProcess,
    Guarantor,
    HazardChemical,
    HazardGrade,
    HazardGuarantor,
    KeyPlace,
    MajorHazardSource,
    PlaceKind,
    SupervisedProcess,
)

from .checks import (  # noqa: F401
    CheckEvidence,
    CheckKind,
    CheckStatus,
    LeadershipCheck,
    ReviewerScore,
    Rubric,
    RubricItem,
)

__all__ = [
    "ActionPlan",
    "ActivityKind",
    "ActivityPhoto",
    "AtPlace",
    "Commitment",
    "CommitmentTemplate",
    "CommitmentTier",
    "EnterpriseProcess",
    "Guarantor",
    "HazardChemical",
    "HazardGrade",
    "HazardGuarantor",
    "KeyPlace",
    "MajorHazardSource",
    "Period",
    "PlaceKind",
    "PlanItem",
    "PlanStatus",
    "Problem",
    "ProblemStatus",
    "ProblemStep",
    "SiteActivity",
    "StepKind",
    "SupervisedProcess",
]
