"""The one way a page view finds the production in its URL, and checks the user's access."""

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from productions.models import Membership, Production
from productions.selectors import production_for_user


class ProductionPageMixin(LoginRequiredMixin):
    """Resolve ``slug`` through the user's productions (404 otherwise) and check access.

    ``required_access`` is ``"read"``, ``"edit"`` (owners, producers, coordinators) or
    ``"manage"`` (owners and producers).
    """

    required_access = "read"
    nav = ""

    @cached_property
    def _resolved(self) -> tuple[Production, Membership]:
        return production_for_user(self.request.user, self.kwargs["slug"])

    @property
    def production(self) -> Production:
        return self._resolved[0]

    @property
    def membership(self) -> Membership:
        return self._resolved[1]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        allowed = {
            "read": True,
            "edit": self.membership.can_edit,
            "manage": self.membership.can_manage,
        }[self.required_access]
        if not allowed:
            raise PermissionDenied("Your access to this production does not include this.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["production"] = self.production
        context["membership"] = self.membership
        context["nav"] = self.nav
        return context
