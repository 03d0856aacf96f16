"""Bulgarian: Django's module has no input formats and no date-time format, so those fell back
to the global defaults, month first (12/05/2026). Day first, with dots: 05.12.2026 14:30."""

DATE_FORMAT = "j F Y"  # 5 Декември 2026, not 05 Декември 2026
DATETIME_FORMAT = "j F Y, H:i"  # 5 Декември 2026, 14:30
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 19.12.2026 14:30
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
