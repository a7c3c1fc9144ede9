"""The one way an API view finds the production in its URL."""

from functools import cached_property

from django.conf import settings

from core import authentication, read_cache
from productions import access
from productions.models import Membership, Production


class ProductionScopedMixin:
    """Resolve ``{slug}`` through the requesting user's own productions; 404 for the rest.

    A read with a token this process has seen asks the cache for the token and the
    production's lookups in one round trip, before either (``core.read_cache.ReadAhead``).
    """

    def initial(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and "slug" in kwargs and settings.STUDIO_BOARD_CACHE:
            user_id, keys = authentication.read_ahead_keys(request)
            if user_id is not None:
                keys += access.read_ahead_keys(user_id, kwargs["slug"])
                request.read_ahead = read_cache.ReadAhead(keys)
        super().initial(request, *args, **kwargs)

    @cached_property
    def _production_and_membership(self) -> tuple[Production, Membership, dict | None]:
        if getattr(self, "swagger_fake_view", False):
            # The schema generator inspects querysets without a request for a real
            # production; an unsaved stand-in gives it the models without a query.
            production = Production(pk=0, slug="schema")
            return production, Membership(production=production, access="viewer"), None
        return access.production_membership_generations(
            self.request.user, self.kwargs["slug"], getattr(self.request, "read_ahead", None)
        )

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
