"""Pages of the bench app for the canary crawl (tests/security/test_canary.py): the floor
shows the signed-in user's own e-mail address and nothing of any case. (Read only if
"bench" is listed in tests/cases/world.py LATER_APPS.)"""


def seeds(world) -> list[str]:
    return ["/bench/floor/"]
