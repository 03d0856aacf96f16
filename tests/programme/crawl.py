"""Pages of the programme app outside /cases/ for the canary crawl."""


def seeds(world) -> list[str]:
    return ["/programme/threshold/"]
