from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from assessments.bank.versioning import record_version
from assessments.models import Question


@receiver(post_save, sender=Question, dispatch_uid="assessments_question_version")
def keep_question_version(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    # Every save path (admin, import, shell) must leave a matching version behind.
    if not raw:
        record_version(instance, getattr(instance, "_saved_by", None))


@receiver(post_save, sender="accounts.StaffProfile", dispatch_uid="assessments_enroll_new_staff")
def enroll_new_staff(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    # New staff who match an open routine round join it once their profile is committed:
    # a rolled-back creation (a failed roster import) enrols nobody.
    if created and not raw:
        from assessments.exams.services.launching import enroll_staff_in_open_rounds

        staff_id = instance.pk
        transaction.on_commit(lambda: enroll_staff_in_open_rounds(staff_id))
