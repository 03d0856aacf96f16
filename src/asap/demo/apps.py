from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "asap.demo"
    label = "demo"
    verbose_name = "Demo"

    def ready(self) -> None:
        from asap.demo import checks  # noqa: F401 - registers the system checks
