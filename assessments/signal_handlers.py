from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Question
from .versioning import record_version


@receiver(post_save, sender=Question, dispatch_uid="assessments_question_version")
def keep_question_version(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    # Every save path (admin, import, shell) must leave a matching version behind.
    if not raw:
        record_version(instance, getattr(instance, "_saved_by", None))


@receiver(post_save, sender="accounts.StaffProfile", dispatch_uid="assessments_enroll_new_staff")
def enroll_new_staff(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    # New staff who match an open routine round are enrolled at once.
    if created and not raw:
        from .services.launching import enroll_in_open_rounds

        enroll_in_open_rounds(instance)
