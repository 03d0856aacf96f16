from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "asap.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from asap.core import checks
        from asap.core.scopes import install_join_guard

        install_join_guard()
        # checks registers the start-up system check on import; a new database gets its
        # sentinel key right after migrate, under the keys it was created with.
        post_migrate.connect(checks.make_sentinel, sender=self, dispatch_uid="asap-sentinel")
