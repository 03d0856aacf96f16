"""Agreement screens: organisation level (/agreements/) and case level (/cases/<pk>/agreements/)."""
