"""The platform's date, time and number formats per interface language (`FORMAT_MODULE_PATH`).

Every language writes dates day first and times on the 24-hour clock: the agencies sharing a
case are European, and a meeting time read the same way by everyone avoids a missed meeting.
A module names only what it changes; the rest comes from Django's own locale formats.
"""
