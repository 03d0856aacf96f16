#!/usr/bin/env python3
"""Write src/asap/core/content_strings.py: the texts of the curriculum, the practice cases and
the meetings timeline as pgettext_lazy calls, so that makemessages extracts them for the
translators (asap.core.content_sources). Run it after changing one of those YAML files:

    .venv/bin/python scripts/content_strings.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asap.settings")

import django  # noqa: E402

django.setup()

from asap.core import content_sources  # noqa: E402


def main() -> None:
    found = content_sources.collect()
    content_sources.MODULE.write_text(content_sources.render(found), encoding="utf-8")
    for context, texts in sorted(found.items()):
        print(f"{context}: {len(texts)} texts")


if __name__ == "__main__":
    main()
