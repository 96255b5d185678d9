from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "培训"

    def ready(self) -> None:
        from accounts.timeline import register_status_labels
        from assessments.exams.consequences import register_outcome_policy
        from training import ledger_notices, receivers  # noqa: F401  (registers, connects)
        from training.models import ProgrammeStatus
        from training.outcome_policy import TrainingOutcomes

        register_status_labels(ProgrammeStatus.choices)
        register_outcome_policy(TrainingOutcomes())
