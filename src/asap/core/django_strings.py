"""Django's own texts that its catalogues do not translate into every language of the
platform, or translate against the language's usage. Listed here, makemessages puts them in
the platform's catalogues, which come first (LOCALE_PATHS). Never imported.

- The blank choice of a select: Django 6.1 has no Bulgarian, Greek or Italian for it yet.
- The names of the months and the days of the week, which dates print in full ("5 dicembre
  2026", "sabato"): Django's Italian and Bulgarian catalogues capitalise them, which Italian
  and Bulgarian do not; the Greek ones are Django's own.
"""

from django.utils.translation import gettext_noop

STRINGS = (
    gettext_noop("- Select an option -"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)
