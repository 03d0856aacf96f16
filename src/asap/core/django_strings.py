"""Django's own texts that its catalogues do not translate into every language of the
platform (Django 6.1's blank choice of a select has no Bulgarian, Greek or Italian yet). Listed
here, makemessages puts them in the platform's catalogues, which come first (LOCALE_PATHS).
Never imported."""

from django.utils.translation import gettext_noop

STRINGS = (gettext_noop("- Select an option -"),)
