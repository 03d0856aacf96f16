"""English, the European way (after Django's en_GB): 19 December 2026, 19/12/2026, 14:30."""

DATE_FORMAT = "j F Y"  # 19 December 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 19 December 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 19 December
SHORT_DATE_FORMAT = "d/m/Y"  # 19/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 19/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
# The forms parse dates with asap.core.dates (day first, any of / . -, or ISO); these serve any
# other Django parsing, day first too, never month first.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
