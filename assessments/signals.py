"""Events the exam side sends; other domains (training) subscribe in their ``ready()``.

``attempt_graded`` is sent inside the transaction that grades the attempt, so whatever a
receiver writes commits or rolls back with the grade: a graded fail can never lose its
off-post consequence to a crash in between (see ``training_outcome``). Receivers must
therefore only write to the database; anything slow or external they hand to a task with
``transaction.on_commit``.
"""

from django.dispatch import Signal

#: Sent by ``services.answering.submit_attempt`` once an attempt is graded, with
#: ``attempt_id`` (int), ``passed`` (bool) and ``auto`` (bool: submitted by the system at
#: the deadline). ``sender`` is the ``Attempt`` class.
attempt_graded = Signal()
