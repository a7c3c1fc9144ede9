from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from productions.models import Membership, Production


def productions_for_user(user: AbstractBaseUser) -> QuerySet[Production]:
    return Production.objects.visible_to(user)


def membership_for(user: AbstractBaseUser, production: Production) -> Membership | None:
    """Return the user's membership, or an owner's rights for a superuser who has none."""
    membership = Membership.objects.filter(production=production, user=user).first()
    if membership is None and user.is_superuser:
        membership = Membership(production=production, user=user, access=Membership.Access.OWNER)
    return membership


def production_for_user(user: AbstractBaseUser, slug: str) -> tuple[Production, Membership]:
    """Return the production and the user's membership, or raise 404 (never 403).

    A production the user may not see answers exactly like one that does not exist.
    """
    production = productions_for_user(user).filter(slug=slug).first()
    if production is None:
        raise Http404("No production found.")
    membership = membership_for(user, production)
    if membership is None:
        raise Http404("No production found.")
    return production, membership


def memberships_of_production(production: Production) -> QuerySet[Membership]:
    return production.memberships.select_related("user").order_by("user__username")
