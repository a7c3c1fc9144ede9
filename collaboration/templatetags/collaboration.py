"""``{% comment_thread "scene" scene %}``: an object's threads, sign-offs and follow button."""

from django import template
from django.urls import reverse

from collaboration import registry, selectors
from collaboration.models import Follow

register = template.Library()


def thread_context(context, kind_name: str, obj, read_only: bool = False) -> dict:
    production, membership = context["production"], context["membership"]
    kind = registry.kinds().get(kind_name)
    if kind is None or getattr(obj, "pk", None) is None or not kind.can_view(membership):
        return {"hidden": True}
    on = f"{kind.name}:{obj.pk}"
    request = context.get("request")
    user = request.user if request else None
    follow = (
        Follow.objects.filter(
            production=production, user=user, kind=kind.name, object_id=obj.pk
        ).first()
        if user
        else None
    )
    return {
        "hidden": False,
        "production": production,
        "membership": membership,
        "request": request,
        "user": user,
        "on": on,
        "kind_label": registry.noun(kind.name),
        "threads": selectors.thread_for(production, membership, on),
        "approvals": list(selectors.approvals_for(production, membership, on)[:5]),
        "following": bool(follow and follow.active),
        "next": request.get_full_path() if request else "",
        "members": selectors.members_for_filter(production),
        "csrf_token": context.get("csrf_token"),
        # A printable sheet (the breakdown) shows the thread and links to where to take part.
        "read_only": read_only,
        "discussion_url": reverse("collaboration:discussion", kwargs={"slug": production.slug})
        + f"?on={on}",
    }


@register.inclusion_tag("collaboration/_thread_block.html", takes_context=True)
def comment_thread(context, kind_name: str, obj, read_only: bool = False):
    return thread_context(context, kind_name, obj, read_only)
