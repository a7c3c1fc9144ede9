"""The pages: threads posted from any object's page, the inbox, preferences, the decision log,
the activity feed, sign-offs and attachments. The same services and selectors as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from collaboration import approvals, notifications, registry, selectors, services, thread_cache
from collaboration.models import Attachment, Notification, Preference
from collaboration.templatetags.collaboration import thread_context
from collaboration.unread import unread_store
from core.exceptions import ApplicationError
from productions.pages import ProductionPageMixin


def _back(request, fallback: str = "/") -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


class ProductionPostView(ProductionPageMixin, View):
    """A form on some object's page: do one thing, then go back with the outcome in words."""

    success = "Done."

    def post(self, request, *args, **kwargs):
        try:
            self.act(request)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success)
        return _back(request, self.production.get_absolute_url())


class CommentPostView(ProductionPostView):
    success = "Comment posted."

    def act(self, request):
        parent = None
        parent_id = registry.as_id(request.POST.get("parent", ""))
        if parent_id is not None:
            parent = selectors.comment_for(self.production, self.membership, parent_id)
            if parent is None:
                raise ApplicationError("The comment to reply to is not here.")
        services.comment_create(
            production=self.production,
            by=request.user,
            on=request.POST.get("on", ""),
            body=request.POST.get("body", ""),
            parent=parent,
            decision=request.POST.get("decision") == "on",
            files=request.FILES.getlist("files"),
        )


class CommentActionView(ProductionPostView):
    ACTIONS = {
        "resolve": "Thread resolved.",
        "reopen": "Thread reopened.",
        "delete": "Comment removed.",
        "edit": "Comment edited.",
        "decision": "Marked as a decision.",
    }

    def act(self, request):
        comment = selectors.comment_for(self.production, self.membership, self.kwargs["pk"])
        action = self.kwargs["action"]
        if comment is None or action not in self.ACTIONS:
            raise Http404("No such comment.")
        self.success = self.ACTIONS[action]
        common = {"comment": comment, "by": request.user, "membership": self.membership}
        if action in ("resolve", "reopen"):
            services.comment_resolve(**common, resolved=action == "resolve")
        elif action == "delete":
            services.comment_delete(**common)
        elif action == "edit":
            services.comment_edit(**common, body=request.POST.get("body", ""))
        else:
            services.comment_mark_decision(**common, decision=True)


class FollowView(ProductionPostView):
    def act(self, request):
        kind, obj = registry.resolve(
            self.production.pk, request.POST.get("on", ""), self.membership
        )
        active = request.POST.get("follow") == "1"
        services.follow_set(
            production=self.production,
            user=request.user,
            kind=kind.name,
            object_id=obj.pk,
            active=active,
        )
        self.success = "You follow this now." if active else "You no longer follow this."


class ApprovalRequestView(ProductionPostView):
    success = "Sign-off asked for."

    def act(self, request):
        names = request.POST.getlist("approvers") or request.POST.get("approver_names", "").split(
            ","
        )
        approvals.approval_request(
            production=self.production,
            by=request.user,
            membership=self.membership,
            on=request.POST.get("on", ""),
            approvers=names,
            note=request.POST.get("note", ""),
        )


class ApprovalDecideView(ProductionPostView):
    def act(self, request):
        approval = selectors.approvals_for(self.production, self.membership).filter(
            pk=self.kwargs["pk"]
        )
        approval = approval.first()
        if approval is None:
            raise Http404("No such sign-off.")
        decision = request.POST.get("decision", "")
        approvals.approval_decide(
            approval=approval,
            by=request.user,
            membership=self.membership,
            decision=decision,
            note=request.POST.get("note", ""),
        )
        self.success = f"You {decision} it."


class ThreadPartialView(ProductionPageMixin, View):
    """The thread of one object as HTML, for live pages that refresh it without a reload."""

    def get(self, request, *args, **kwargs):
        kind, obj = registry.resolve(self.production.pk, request.GET.get("on", ""), self.membership)
        read_only = request.GET.get("read_only") == "1"
        # Before the cache: sign-offs whose object changed are marked (and the entries expired).
        approvals.approvals_mark_changed(production_id=self.production.pk)
        key = thread_cache.key_of(
            self.production,
            self.membership,
            request.user,
            f"{kind.name}:{obj.pk}",
            read_only,
            request.get_full_path(),
        )

        def render(csrf_token: str) -> str:
            context = thread_context(
                {"production": self.production, "membership": self.membership, "request": request},
                kind.name,
                obj,
                read_only=read_only,
            )
            context["csrf_token"] = csrf_token
            return render_to_string("collaboration/_thread.html", context, request=request)

        return HttpResponse(thread_cache.cached_html(request, self.production, key, render))


class DiscussionView(ProductionPageMixin, TemplateView):
    """One object's thread with every form: where a read-only sheet sends people to take part."""

    template_name = "collaboration/discussion.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on = self.request.GET.get("on", "")
        kind, obj = registry.resolve(self.production.pk, on, self.membership)
        context.update(kind=kind.name, obj=obj, label=kind.label_of(obj), back=kind.url(obj))
        return context


class AttachmentView(ProductionPageMixin, View):
    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            Attachment.objects.select_related("comment"),
            pk=self.kwargs["pk"],
            comment__production=self.production,
            comment__deleted_at=None,
        )
        kind = registry.kinds().get(attachment.comment.kind)
        if kind is None or not kind.can_view(self.membership):
            raise Http404("No such file.")
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            filename=attachment.name,
            as_attachment=attachment.content_type == "application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ActivityView(ProductionPageMixin, TemplateView):
    template_name = "collaboration/activity.html"
    nav = "activity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = selectors.activity_for(
            self.production,
            self.membership,
            event=self.request.GET.get("event", ""),
            actor=self.request.GET.get("actor", ""),
        )
        page = Paginator(feed, 50).get_page(self.request.GET.get("page"))
        tz = self.production.tz
        days: list[dict] = []
        for item in page.object_list:
            local = item.created_at.astimezone(tz)
            if not days or days[-1]["date"] != local.date():
                days.append({"date": local.date(), "items": []})
            days[-1]["items"].append({"item": item, "at": local})
        context.update(
            page=page,
            days=days,
            event=self.request.GET.get("event", ""),
            actor=self.request.GET.get("actor", ""),
            events=["scene", "schedule", "callsheet", "script", "dpr", "comment", "approval"],
            members=selectors.members_for_filter(self.production),
        )
        return context


class DecisionLogView(ProductionPageMixin, TemplateView):
    template_name = "collaboration/decisions.html"
    nav = "decisions"

    def rows(self):
        return selectors.decisions_for(
            self.production,
            self.membership,
            kind=self.request.GET.get("kind", ""),
            person=self.request.GET.get("person", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rows=self.rows(),
            kind=self.request.GET.get("kind", ""),
            person=self.request.GET.get("person", ""),
            kinds=selectors.visible_kinds(self.membership),
            members=selectors.members_for_filter(self.production),
            query=self.request.GET.urlencode(),
            policy=approvals.policy_of(self.production),
        )
        return context


class DecisionLogPdfView(DecisionLogView):
    template_name = "collaboration/decisions_pdf.html"

    def render_to_response(self, context, **kwargs):
        from weasyprint import HTML

        html = render_to_string(self.template_name, context, request=self.request)
        pdf = HTML(string=html, base_url=self.request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.production.slug}-decisions.pdf"'
        )
        return response


class PolicyView(ProductionPostView):
    required_access = "manage"
    success = "Sign-off rules saved."

    def act(self, request):
        approvals.policy_set(
            production=self.production,
            by_membership=self.membership,
            signoff_before_publish=request.POST.get("signoff_before_publish") == "on",
            signoff_before_offer=request.POST.get("signoff_before_offer") == "on",
        )


class InboxView(LoginRequiredMixin, TemplateView):
    template_name = "collaboration/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deliveries = [(value, str(label)) for value, label in Preference.Delivery.choices]
        unread = self.request.GET.get("unread") == "1"
        # The page shows only the production's title: no production or actor rows to build.
        notes = (
            selectors.notifications_for(self.request.user, unread=unread)
            .select_related(None)
            .annotate(production_title=F("production__title"))
        )
        total, unread_count = selectors.inbox_counts(self.request.user)
        unread_store(self.request.user.pk, unread_count)
        paginator = Paginator(notes, 50)
        paginator.count = unread_count if unread else total  # counted above, with the unread
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        for note in page.object_list:
            # What |date:"c" and |date:"j M, H:i" say, worked out once rather than per call.
            local = timezone.localtime(note.created_at)
            note.when_iso = local.isoformat()
            note.when_label = f"{local.day} {MONTHS_3[local.month].title()}, {local:%H:%M}"
        context.update(
            page=page,
            unread=unread,
            # Labels as plain strings, each option's choice worked out here: the lazy labels
            # resolved once per option in the template were the page's busiest lines.
            preferences=[
                {
                    "kind": kind,
                    "label": str(Notification.Kind(kind).label),
                    "options": [(value, label, value == chosen) for value, label in deliveries],
                }
                for kind, chosen in notifications.preferences_of(self.request.user).items()
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "preferences":
            choices = {
                k: request.POST.get(k) for k in Notification.Kind.values if k in request.POST
            }
            try:
                notifications.preferences_set(user=request.user, choices=choices)
                messages.success(request, "Your notification choices are saved.")
            except ApplicationError as error:
                messages.error(request, error.message)
        else:
            ids = [registry.as_id(i) for i in request.POST.getlist("ids")]
            ids = [i for i in ids if i is not None]
            notifications.notifications_mark_read(
                user=request.user, ids=ids, all=request.POST.get("all") == "1"
            )
        return _back(request, "/inbox/")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """An email's link asks on GET and unsubscribes on POST (RFC 8058 one-click POSTs too).

    A GET must change nothing: mail scanners fetch every link in a message. The POST needs no
    CSRF token because the signed token in the URL is the credential, and a mail client's
    one-click POST carries no cookie.
    """

    template_name = "collaboration/unsubscribe.html"

    def get(self, request, token):
        try:
            user, kind = notifications.unsubscribe_read(token=token)
        except ApplicationError as error:
            return render(request, self.template_name, {"error": error}, status=404)
        context = {"kind": notifications.unsubscribe_label(kind), "person": user, "ask": True}
        return render(request, self.template_name, context)

    def post(self, request, token):
        try:
            user, kind = notifications.unsubscribe(token=token)
        except ApplicationError as error:
            return render(request, self.template_name, {"error": error}, status=404)
        context = {"kind": notifications.unsubscribe_label(kind), "person": user}
        return render(request, self.template_name, context)
