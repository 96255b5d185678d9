from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "题库与考核"

    def ready(self) -> None:
        from assessments import signal_handlers  # noqa: F401  (connects the handlers)
        from assessments.bank.search_phrasings import bank_phrasings
        from content.search.sources import register_bank_phrasings

        register_bank_phrasings(bank_phrasings)
