from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = "安全领导力"

    def ready(self) -> None:
        from accounts.hazards import register_hazard_reader
        from leadership.workplace_hazards import read_workplace_hazards

        register_hazard_reader(read_workplace_hazards)
