"""What every evaluation page shares: the organisation the coordinator acts for."""

from django.http import Http404, HttpRequest

from asap.accounts.models import Organisation
from asap.core.permissions import for_roles
from asap.core.roles import Role

coordinators = for_roles(Role.COORDINATOR)


def acting_organisation(request: HttpRequest) -> Organisation:
    """The first organisation the user coordinates: the pages act for it."""
    coordinated = request.user.organisations_where(Role.COORDINATOR)
    if not coordinated:
        raise Http404
    return coordinated[0]
