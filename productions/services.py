from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from productions.models import Membership, Production
from studio.exceptions import ApplicationError
from studio.services import save_validated

User = get_user_model()

PRODUCTION_FIELDS = (
    "title",
    "slug",
    "kind",
    "phase",
    "logline",
    "start_date",
    "wrap_date",
    "time_zone",
    "currency",
)


def production_slug_for(title: str) -> str:
    """Return an unused slug made from ``title``."""
    base = slugify(title)[:70] or "production"
    slug, n = base, 2
    while Production.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def production_create(*, user, **fields: Any) -> Production:
    """Create a production and make ``user`` its owner."""
    data = {key: value for key, value in fields.items() if key in PRODUCTION_FIELDS}
    if not data.get("slug"):
        data["slug"] = production_slug_for(data.get("title", ""))
    production = save_validated(Production(**data))
    Membership.objects.create(production=production, user=user, access=Membership.Access.OWNER)
    return production


@transaction.atomic
def production_update(*, production: Production, **fields: Any) -> Production:
    for key, value in fields.items():
        if key in PRODUCTION_FIELDS:
            setattr(production, key, value)
    return save_validated(production)


@transaction.atomic
def production_delete(*, production: Production, by, confirm_title: str) -> Production:
    """Soft-delete a production; the owner can restore it for 30 days."""
    if confirm_title.strip() != production.title:
        raise ApplicationError(
            "Type the production's title exactly to confirm deleting it.",
            errors={"confirm_title": ["This does not match the production's title."]},
        )
    production.deleted_at = timezone.now()
    production.save(update_fields=["deleted_at", "updated_at"])
    return production


def _owner_count(production: Production) -> int:
    return production.memberships.filter(access=Membership.Access.OWNER).count()


@transaction.atomic
def membership_add(*, production: Production, user, access: str, by) -> Membership:
    """Give ``user`` access to the production; refuse a second membership for the same user."""
    if access == Membership.Access.OWNER and not _is_owner(production, by):
        raise ApplicationError(
            "Only an owner can make someone else an owner.",
            errors={"access": ["Only an owner can grant owner access."]},
            status_code=403,
        )
    if Membership.objects.filter(production=production, user=user).exists():
        raise ApplicationError(
            f"{user.get_username()} is already a member of {production.title}.",
            errors={"user": ["This user is already a member."]},
        )
    membership = save_validated(Membership(production=production, user=user, access=access))
    if user != by and user.email:
        from productions.tasks import membership_welcome_task

        transaction.on_commit(lambda: membership_welcome_task.delay(membership.pk))
    return membership


def membership_welcome_send(*, membership_id: int) -> bool:
    """Email a new member a link to the production, once; return whether it was sent."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("production", "user")
            .filter(pk=membership_id, welcome_sent_at__isnull=True)
            .first()
        )
        if membership is None:
            return False
        production = membership.production
        link = settings.STUDIO_BASE_URL.rstrip("/") + production.get_absolute_url()
        send_mail(
            subject=f"You are on {production.title} in Studio",
            message=(
                f"Hello {membership.user.get_full_name() or membership.user.get_username()},\n\n"
                f"You now have {membership.get_access_display().lower()} access to "
                f"{production.title}.\nOpen it here: {link}\n"
            ),
            from_email=None,
            recipient_list=[membership.user.email],
        )
        membership.welcome_sent_at = timezone.now()
        membership.save(update_fields=["welcome_sent_at"])
    return True


@transaction.atomic
def membership_change(*, membership: Membership, access: str, by) -> Membership:
    production = membership.production
    if Membership.Access.OWNER in (access, membership.access) and not _is_owner(production, by):
        raise ApplicationError(
            "Only an owner can grant or take away owner access.", status_code=403
        )
    if membership.access == Membership.Access.OWNER and access != Membership.Access.OWNER:
        _refuse_losing_last_owner(production)
    membership.access = access
    return save_validated(membership)


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    production = membership.production
    if membership.access == Membership.Access.OWNER:
        if not _is_owner(production, by):
            raise ApplicationError("Only an owner can remove an owner.", status_code=403)
        _refuse_losing_last_owner(production)
    membership.delete()


def _is_owner(production: Production, user) -> bool:
    return (
        user.is_superuser
        or production.memberships.filter(user=user, access=Membership.Access.OWNER).exists()
    )


def _refuse_losing_last_owner(production: Production) -> None:
    # Lock the owners' rows so two owners removing each other cannot both succeed.
    owners = list(production.memberships.select_for_update().filter(access=Membership.Access.OWNER))
    if len(owners) <= 1:
        raise ApplicationError(
            "A production needs at least one owner: make someone else an owner first."
        )
