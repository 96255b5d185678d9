"""Events the exam side sends; other domains (training) subscribe in their ``ready()``.

``attempt_graded`` is sent after the grading transaction commits, so a receiver's failure
never undoes a grade. The price is a window between the commit and the receiver in which a
crash loses the consequence: receivers must be idempotent and have a way to catch up (the
training side's ``apply_missing_outcomes`` runs on every tick).
"""

from django.dispatch import Signal

#: Sent by ``services.answering.submit_attempt`` once an attempt's grade is committed, with
#: ``attempt_id`` (int), ``passed`` (bool) and ``auto`` (bool: submitted by the system at
#: the deadline). ``sender`` is the ``Attempt`` class.
attempt_graded = Signal()
