"""The work inbox for the central crawl: every token gets its own account's list (200; an
unrelated organisation's token gets an empty list, not 404: it names no case)."""


def operations(world) -> dict[str, dict]:
    return {"work_inbox": {"path": {}, "body": None, "method": "get"}}
