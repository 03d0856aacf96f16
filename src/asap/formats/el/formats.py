"""Greek: Django's module prints times on the 12-hour clock (2:30 μ.μ.); the platform uses the
24-hour clock in every language, so that a meeting time reads the same for every agency."""

DATE_FORMAT = "j E Y"  # 19 Δεκεμβρίου 2026 (E: the genitive month)
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in the rest of the EU
