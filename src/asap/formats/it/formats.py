"""Italian: Django's formats are day first and on the 24-hour clock already; the long date-time
drops the capitalised weekday ("Mercoledì 25 Ottobre 2006 14:30")."""

DATE_FORMAT = "j F Y"  # 19 dicembre 2026
DATETIME_FORMAT = "j F Y, H:i"  # 19 dicembre 2026, 14:30
