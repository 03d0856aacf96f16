"""Every plans and episodes operation with the world's values, for the central crawl
(tests/api/test_crawl.py).

The read of one episode names the police's episode, which every member reads (her episode
reaches the other sides only when shared: their 404 is tested in tests/api/test_plans.py).
POST /episodes shares its path with the list, so the list's entry carries the body the crawl
sends with the POST (a GET sends none).
"""

ACTION = {
    "need": "A new need (crawl)",
    "action": "A new action (crawl)",
    "term": "2026-06-01",
    "responsible": "Programme (world)",
}
EPISODE = {
    "date_from": "2026-01-20",
    "forms_of_violence": ["verbal"],
    "severity": "low",
    "children_present": "no",
    "note": "Shouted at a meeting (crawl).",
}


def operations(world) -> dict[str, dict]:
    case = {"case_id": world.case.pk}
    return {
        "plan_detail": {"path": case, "body": None},
        "plan_action_add": {"path": case, "body": ACTION},
        "plan_action_update": {
            "path": {**case, "action_id": world.ids["action_joint"]},
            "body": {"version": 1, "status": "in_progress"},
        },
        "episode_list": {"path": case, "body": EPISODE},
        "episode_add": {"path": case, "body": EPISODE},
        "episode_detail": {
            "path": {**case, "episode_id": world.ids["episode_agency"]},
            "body": None,
        },
    }
