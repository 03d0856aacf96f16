"""Every evaluation operation with the world's values, for the central crawl.

The figures are a coordinator's: every other role's token gets 403 (the pages' door is the
role, before any organisation); a coordinator whose organisation is not in the world's network
gets 404 on its figures. Figures are counts: no canary can be in them.
"""


def operations(world) -> dict[str, dict]:
    return {
        "evaluation_figures": {"path": {}, "body": None, "method": "get"},
        "evaluation_network_list": {"path": {}, "body": None, "method": "get"},
        "evaluation_network_figures": {
            "path": {"network_id": world.ids["evaluation_network"]},
            "body": None,
            "method": "get",
        },
    }
