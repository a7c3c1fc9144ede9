"""The owners' webhook pages: the list with the form to add one, a webhook's deliveries.

Shown among the reports' tabs (``templates/reports/report_nav.html``), so the context
carries the same ``nav``, ``tab`` and ``is_owner`` the reports pages set.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import ApplicationError
from productions.models import Membership
from productions.pages import ProductionPageMixin
from webhooks import selectors, services
from webhooks.forms import WebhookForm
from webhooks.models import WebhookDelivery


class WebhookPageMixin(ProductionPageMixin):
    """Webhooks are the owners' alone."""

    nav = "reports"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.membership.access != Membership.Access.OWNER:
            raise PermissionDenied("Only the production's owners manage its webhooks.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = "webhooks"
        context["is_owner"] = True
        return context

    def webhook(self):
        return get_object_or_404(selectors.webhooks_of(self.production), pk=self.kwargs["pk"])


class WebhooksView(WebhookPageMixin, TemplateView):
    template_name = "webhooks/webhook_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["webhooks"] = selectors.webhooks_of(self.production)
        context.setdefault("form", WebhookForm())
        return context

    def post(self, request, *args, **kwargs):
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                webhook = services.webhook_register(
                    production=self.production, by=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error("url" if "url" in error.errors else None, error.message)
            else:
                # Shown on this answer only: a redirect would carry the secret in the session.
                context = self.get_context_data(created=webhook)
                return self.render_to_response(context, status=201)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WebhookDetailView(WebhookPageMixin, TemplateView):
    template_name = "webhooks/webhook_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        webhook = self.webhook()
        context["webhook"] = webhook
        deliveries = selectors.deliveries_of(webhook).prefetch_related("attempt_log")
        context["deliveries"] = deliveries[:50]
        return context


class WebhookDeleteView(WebhookPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        webhook = self.webhook()
        services.webhook_delete(webhook=webhook)
        messages.success(request, f"Webhook to {webhook.url} deleted.")
        return redirect("webhooks:webhooks", slug=self.production.slug)


class WebhookResendView(WebhookPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        webhook = self.webhook()
        delivery = get_object_or_404(WebhookDelivery, pk=kwargs["delivery"], webhook=webhook)
        services.webhook_resend(delivery=delivery)
        messages.success(request, f"The {delivery.event} event is being sent again.")
        return redirect("webhooks:webhook_detail", slug=self.production.slug, pk=webhook.pk)
