from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpisodesConfig(AppConfig):
    name = "asap.episodes"
    label = "episodes"
    verbose_name = _("Episodes")
