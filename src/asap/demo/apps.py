from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "asap.demo"
    label = "demo"
    verbose_name = "Demo"
