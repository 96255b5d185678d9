"""Learning between exams: daily practice, mock exams and the wrong-answer book. Practice
uses the bank and the exam engine but never creates a graded attempt: it changes nobody's
status, hours or certificates."""
