from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="accounts.StaffProfile", dispatch_uid="assessments_enroll_new_staff")
def enroll_new_staff(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    # New staff who match an open routine round join it once their profile is committed:
    # a rolled-back creation (a failed roster import) enrols nobody.
    if created and not raw:
        from assessments.exams.services.launching import enroll_staff_in_open_rounds

        staff_id = instance.pk
        transaction.on_commit(lambda: enroll_staff_in_open_rounds(staff_id))
