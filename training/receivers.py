"""Training's reactions to exam events (connected in ``TrainingConfig.ready``)."""

from django.dispatch import receiver

from assessments.exams.models import Attempt
from assessments.exams.signals import attempt_graded


@receiver(attempt_graded, sender=Attempt, dispatch_uid="training_outcome")
def apply_training_outcome(sender, attempt_id: int, **kwargs) -> None:
    # The training side's consequences of a grade (off post, re-test outcome).
    from training.services import on_attempt_graded

    on_attempt_graded(attempt_id)


@receiver(attempt_graded, sender=Attempt, dispatch_uid="training_post_certificate")
def issue_post_certificate(sender, attempt_id: int, **kwargs) -> None:
    # A pass of the post's exam or a re-test issues the 上岗合格证 (connected after the
    # outcome receiver, so a re-test's programme has moved on first).
    from training.certificates import issue_post_certificate as issue

    issue(attempt_id)
