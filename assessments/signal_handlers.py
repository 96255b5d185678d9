from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from assessments.bank.models import Question
from assessments.bank.search_phrasings import schedule_bank_phrasing_refresh
from assessments.models import BlueprintRule, ExamBlueprint


@receiver(post_save, sender="accounts.StaffProfile", dispatch_uid="assessments_enroll_new_staff")
def enroll_new_staff(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    # New staff who match an open routine round join it once their profile is committed:
    # a rolled-back creation (a failed roster import) enrols nobody.
    if created and not raw:
        from assessments.exams.services.launching import enroll_staff_in_open_rounds

        staff_id = instance.pk
        transaction.on_commit(lambda: enroll_staff_in_open_rounds(staff_id))


@receiver(post_save, sender=ExamBlueprint, dispatch_uid="assessments_blueprint_saved")
@receiver(post_save, sender=BlueprintRule, dispatch_uid="assessments_blueprint_rule_saved")
@receiver(post_delete, sender=BlueprintRule, dispatch_uid="assessments_blueprint_rule_deleted")
def discard_stale_papers(sender, instance, raw: bool = False, **kwargs) -> None:
    # Papers drawn ahead from the old rules are void; 开始 draws afresh from the new ones.
    if not raw:
        from assessments.exams.services.prepared_papers import discard_prepared_papers

        blueprint_id = instance.pk if sender is ExamBlueprint else instance.blueprint_id
        transaction.on_commit(lambda: discard_prepared_papers(blueprint_id))


@receiver(page_published, dispatch_uid="assessments_provisions_amended")
def check_amended_provisions(sender, instance, **kwargs) -> None:
    # Content never imports the bank: the bank listens to Wagtail's publish. After commit,
    # so the worker compares the committed provision rows (and nothing on a rollback).
    from content.regulations.models import RegulationPage

    if issubclass(sender, RegulationPage):
        from assessments.bank.tasks import flag_amended_questions

        transaction.on_commit(partial(flag_amended_questions.enqueue, instance.pk))


@receiver(post_save, sender=Question, dispatch_uid="assessments_question_saved_search")
@receiver(post_delete, sender=Question, dispatch_uid="assessments_question_deleted_search")
def refresh_search_phrasings(sender, instance, raw: bool = False, **kwargs) -> None:
    # A shared question is a hidden phrasing of its provision in search (bank.search_phrasings);
    # the changes made with .update() (retire, 依据已修订) schedule the same themselves.
    if not raw:
        schedule_bank_phrasing_refresh()
