"""A strict Content-Security-Policy, and templates that need no inline script or style."""

import re
from pathlib import Path

import pytest

import asap

TEMPLATES = Path(asap.__file__).parent / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.I)


@pytest.mark.django_db
def test_the_login_page_answers_with_a_strict_policy(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_no_template_has_inline_script_style_or_event_handlers():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) >= 5
    offenders = []
    for template in templates:
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            offenders += [f"{template.name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_scan_would_catch_an_inline_script():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert INLINE_STYLE.search('<p style="color:red">')
    assert EVENT_HANDLER.search('<button onclick="x()">')


@pytest.mark.django_db
def test_every_page_has_a_skip_link_landmarks_and_a_language_switcher(client):
    text = client.get("/accounts/login/").content.decode()
    assert '<a class="visually-hidden-focusable skip-link" href="#main">' in text
    assert '<main id="main"' in text
    assert "<nav " in text
    assert 'name="language"' in text
    assert '<html lang="en">' in text
