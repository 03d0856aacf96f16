from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "asap.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from asap.core.scopes import install_join_guard

        install_join_guard()
