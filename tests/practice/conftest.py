"""Practice tests share the exams' two-jurisdiction world (banks, enterprises, people)."""

from tests.exams.conftest import world  # noqa: F401  (the fixture)
