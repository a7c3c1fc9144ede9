"""Access rules by membership level, shared by pages and the API.

Views resolve the production through the user's own productions (404 otherwise) and set
``view.membership``; these classes only compare access levels.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsProductionEditorOrReadOnly(BasePermission):
    """Members read; owners, producers and coordinators write."""

    message = "Only the production's owners, producers and coordinators can change this."

    def has_permission(self, request, view) -> bool:
        membership = getattr(view, "membership", None)
        if membership is None:
            return False
        return request.method in SAFE_METHODS or membership.can_edit


class IsProductionManagerOrReadOnly(BasePermission):
    """Members read; owners and producers write."""

    message = "Only the production's owners and producers can change this."

    def has_permission(self, request, view) -> bool:
        membership = getattr(view, "membership", None)
        if membership is None:
            return False
        return request.method in SAFE_METHODS or membership.can_manage
