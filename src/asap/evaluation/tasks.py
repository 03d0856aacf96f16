"""The dashboards' figures recounted every hour, through Django's Tasks API.

`refresh_figures` runs on the worker (`asap db_worker`): it recounts the current year's
figures of every organisation and network (`services.refresh_all_figures`), then queues
itself for the next hour. `asap evaluation refresh-figures --hourly` queues the first run.
"""

from django.tasks import task
from django.utils import timezone

from asap.evaluation import services


@task()
def refresh_figures(requeue: bool = True) -> int:
    """Recount every dashboard's figures; queue the next run an hour from now."""
    try:
        return services.refresh_all_figures()
    finally:
        # Even if a run fails, the chain goes on.
        if requeue:
            refresh_figures.using(run_after=timezone.now() + services.RECOUNT_EVERY).enqueue()
