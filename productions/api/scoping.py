"""The one way an API view finds the production in its URL."""

from functools import cached_property

from productions.access import production_membership_generations
from productions.models import Membership, Production


class ProductionScopedMixin:
    """Resolve ``{slug}`` through the requesting user's own productions; 404 for the rest."""

    @cached_property
    def _production_and_membership(self) -> tuple[Production, Membership, dict | None]:
        if getattr(self, "swagger_fake_view", False):
            # The schema generator inspects querysets without a request for a real
            # production; an unsaved stand-in gives it the models without a query.
            production = Production(pk=0, slug="schema")
            return production, Membership(production=production, access="viewer"), None
        return production_membership_generations(self.request.user, self.kwargs["slug"])

    @property
    def generations(self) -> dict | None:
        """The production's generations (``core.read_cache``) read with it for this request,
        if it came from the cache: ``core.cached_api`` checks its answers against them."""
        if not self.request.user.is_authenticated or "slug" not in self.kwargs:
            return None
        return self._production_and_membership[2]

    @property
    def production(self) -> Production:
        return self._production_and_membership[0]

    @property
    def membership(self) -> Membership | None:
        if getattr(self, "swagger_fake_view", False):
            return self._production_and_membership[1]
        if not self.request.user.is_authenticated or "slug" not in self.kwargs:
            return None
        return self._production_and_membership[1]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "slug" in self.kwargs and self.request.user.is_authenticated:
            context["production"] = self.production
        return context
