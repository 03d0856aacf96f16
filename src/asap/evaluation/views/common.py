"""What every evaluation page shares: the organisation the coordinator acts for."""

from asap.core.permissions import for_roles
from asap.core.roles import Role

coordinators = for_roles(Role.COORDINATOR)
