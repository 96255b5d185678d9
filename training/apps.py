from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "培训"

    def ready(self) -> None:
        from accounts.timeline import register_status_labels
        from assessments.exams.consequences import register_outcome_policy
        from training import receivers  # noqa: F401  (connects the handlers)
        from training.models import ProgrammeStatus
        from training.outcome_policy import TrainingOutcomes

        register_status_labels(ProgrammeStatus.choices)
        register_outcome_policy(TrainingOutcomes())
