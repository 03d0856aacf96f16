"""The REST API for the agencies' own systems (`/api/v1/`).

Every operation needs a bearer token (`asap.api.auth.TokenAuth`); none reads the session of a
person's browser. Operations read through the access door and write through the services, as
the pages do. Routers live in `asap.api.routers`, one per part of the platform.
"""

from ninja import NinjaAPI

from asap.api import errors
from asap.api.auth import TokenAuth
from asap.api.routers import (
    cases,
    evaluation,
    instruments,
    meetings,
    plans,
    records,
    training,
    work,
)

api = NinjaAPI(
    title="ASAP Platform API",
    version="1",
    description=(
        "The platform's data for the agencies' own systems, behind the same information "
        "barrier, access policy and audit trail as its pages."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/cases", cases.router, tags=["cases"])
# Each router names its full paths (case-level ones under /cases/{case_id}/).
api.add_router("", records.router, tags=["records"])
api.add_router("", instruments.router, tags=["instruments"])
api.add_router("", plans.router, tags=["plans"])
api.add_router("", meetings.router, tags=["meetings"])
api.add_router("", training.router, tags=["training"])
api.add_router("", evaluation.router, tags=["evaluation"])
api.add_router("", work.router, tags=["work"])
