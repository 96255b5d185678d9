"""Training's reactions to exam events (connected in ``TrainingConfig.ready``)."""

from django.dispatch import receiver

from assessments.exams.models import Attempt
from assessments.exams.signals import attempt_graded


@receiver(attempt_graded, sender=Attempt, dispatch_uid="training_outcome")
def apply_training_outcome(sender, attempt_id: int, **kwargs) -> None:
    # The training side's consequences of a grade (off post, re-test outcome).
    from training.services import on_attempt_graded

    on_attempt_graded(attempt_id)
