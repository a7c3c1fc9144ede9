"""The one way a page view finds the production in its URL, and checks the user's access."""

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from productions.access import production_and_membership
from productions.models import Membership, Production


class ProductionPageMixin(LoginRequiredMixin):
    """Resolve ``slug`` through the user's productions (404 otherwise) and check access.

    ``required_access`` is ``"read"``, ``"edit"`` (owners, producers, coordinators) or
    ``"manage"`` (owners and producers).
    """

    required_access = "read"
    nav = ""

    @cached_property
    def _resolved(self) -> tuple[Production, Membership]:
        # From the cache while neither the production nor the membership changed.
        return production_and_membership(self.request.user, self.kwargs["slug"])

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


class EditorPostMixin:
    """Every member reads the page; only owners, producers and coordinators may post to it."""

    def dispatch(self, request, *args, **kwargs):
        # Runs after ProductionPageMixin.dispatch has sent anonymous users to sign in.
        if request.method == "POST" and not self.membership.can_edit:
            raise PermissionDenied(
                "Only the production's owners, producers and coordinators can change this."
            )
        return super().dispatch(request, *args, **kwargs)
