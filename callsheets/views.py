"""The call sheet's pages: the AD's (list, draft, publish, tracking) and the crew's own page
by personal link (``/c/<token>/``), which needs no account, works offline after the first
visit (a service worker at ``/c/sw.js``), and prints as the same PDF.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView

from callsheets import assembly, pdf, personal, personal_pages, selectors, services
from callsheets import links as callsheet_links
from callsheets.forms import (
    CallSheetForm,
    CallSheetGenerateForm,
    CastTimesForm,
    CrewCallsForm,
)
from callsheets.models import CallSheet, Delivery
from core.exceptions import ApplicationError
from core.forms import show_application_error
from productions.pages import ProductionPageMixin

PAPERS = ("a4", "letter")


class CallSheetMixin(ProductionPageMixin):
    """Resolve the call sheet in the URL within the user's production (404 otherwise)."""

    nav = "callsheets"

    @property
    def callsheet(self) -> CallSheet:
        if not hasattr(self, "_callsheet"):
            found = selectors.callsheet_get(self.production, self.kwargs["pk"])
            if found is None:
                raise Http404("No call sheet found.")
            self._callsheet = found
        return self._callsheet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.membership.can_edit
        if "pk" in self.kwargs:
            context["callsheet"] = self.callsheet
        return context


# ---------------------------------------------------------------- the AD's pages


class CallSheetListView(CallSheetMixin, TemplateView):
    template_name = "callsheets/callsheet_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["callsheets"] = selectors.callsheets_of(self.production)
        if self.membership.can_edit:
            days = selectors.callsheet_days_open(self.production)
            context["generate_form"] = kwargs.get("generate_form") or CallSheetGenerateForm(
                days=days
            )
        return context


class CallSheetGenerateView(CallSheetListView):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        days = selectors.callsheet_days_open(self.production)
        form = CallSheetGenerateForm(request.POST, days=days)
        if form.is_valid():
            try:
                callsheet = services.callsheet_generate(
                    production=self.production,
                    shoot_day=form.days[form.cleaned_data["day"]],
                    by=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Call sheet drafted from the schedule.")
                return redirect(callsheet.get_absolute_url())
        return self.render_to_response(self.get_context_data(generate_form=form), status=400)


class CallSheetDetailView(CallSheetMixin, TemplateView):
    """The sheet: the draft for editors, the latest version for everyone else, or
    ``?version=N``; with the signed-in person's own call and Confirm at the top."""

    template_name = "callsheets/callsheet_detail.html"

    def _chosen(self):
        number = self.request.GET.get("version", "")
        if number.isdigit():
            version = selectors.version_get(self.callsheet, int(number))
            if version is None:
                raise Http404("No such version.")
            return version
        if self.membership.can_edit:
            return None
        return selectors.version_get(self.callsheet)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self._chosen()
        draft = assembly.callsheet_sheet(self.callsheet) if version is None else None
        context.update(
            version=version,
            sheet=version.data if version else draft,
            versions=list(selectors.versions_of(self.callsheet)),
            mine=personal.personal_view_for_user(self.callsheet, self.request.user),
        )
        return context


class CallSheetEditView(CallSheetMixin, FormView):
    required_access = "edit"
    template_name = "callsheets/callsheet_form.html"
    form_class = CallSheetForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.callsheet,
            "production": self.production,
        }

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.callsheet_update(callsheet=self.callsheet, **fields)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        warning = assembly.lunch_warning(self.callsheet.general_call, self.callsheet.lunch)
        if warning:
            messages.warning(self.request, warning)
        messages.success(self.request, "Draft saved.")
        return redirect(self.callsheet.get_absolute_url())


class CallSheetCastView(CallSheetMixin, FormView):
    required_access = "edit"
    template_name = "callsheets/callsheet_cast_form.html"
    form_class = CastTimesForm

    def get_form_kwargs(self):
        sheet = assembly.callsheet_sheet(self.callsheet)
        own = {row.character_id: row for row in self.callsheet.cast_calls.all()}
        return {**super().get_form_kwargs(), "rows": sheet["cast"], "own": own}

    def form_valid(self, form):
        try:
            services.callsheet_cast_set(callsheet=self.callsheet, rows=form.cast_times())
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Cast times saved.")
        return redirect(self.callsheet.get_absolute_url())


class CallSheetCrewView(CallSheetMixin, FormView):
    required_access = "edit"
    template_name = "callsheets/callsheet_crew_form.html"
    form_class = CrewCallsForm

    def get_form_kwargs(self):
        sheet = assembly.callsheet_sheet(self.callsheet)
        return {
            **super().get_form_kwargs(),
            "departments": sheet["crew"],
            "own_departments": {r.department_id: r for r in self.callsheet.departments.all()},
            "own_people": {r.person_id: r for r in self.callsheet.crew_calls.all()},
            "general_call": sheet["times"]["general_call"],
        }

    def form_valid(self, form):
        departments, people = form.calls()
        try:
            services.callsheet_crew_set(
                callsheet=self.callsheet, departments=departments, people=people
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Crew calls saved.")
        return redirect(self.callsheet.get_absolute_url())


class CallSheetPublishView(CallSheetMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            version = services.callsheet_publish(callsheet=self.callsheet, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self.callsheet.get_absolute_url())
        word = "Revised version" if version.revised else "Version"
        messages.success(request, f"{word} {version.number} published; sending it now.")
        return redirect(
            "callsheets:callsheet_deliveries", slug=self.production.slug, pk=version.callsheet_id
        )


class CallSheetPdfView(CallSheetMixin, View):
    """The PDF: of ``?version=N`` (default: the latest), or of the draft for editors."""

    def get(self, request, *args, **kwargs):
        paper = request.GET.get("paper", "")
        paper = paper if paper in PAPERS else pdf.default_paper(self.production)
        number = request.GET.get("version", "")
        if number == "draft" and self.membership.can_edit:
            sheet = assembly.callsheet_sheet(self.callsheet)
            body, name = (
                pdf.sheet_pdf(sheet, paper=paper),
                pdf.pdf_filename(None, sheet),
            )
        else:
            version = selectors.version_get(
                self.callsheet, int(number) if number.isdigit() else None
            )
            if version is None:
                raise Http404("This call sheet has no published version.")
            body = pdf.version_pdf(version, paper=paper)
            name = pdf.pdf_filename(version)
        return _pdf_response(body, name)


def _pdf_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class DeliveriesView(CallSheetMixin, TemplateView):
    """Who has the call sheet: counts by status and a list that refreshes itself."""

    template_name = "callsheets/callsheet_deliveries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.request.GET.get("version", "")
        version = selectors.version_get(self.callsheet, int(number) if number.isdigit() else None)
        status = self.request.GET.get("status", "")
        context.update(version=version, status=status, statuses=Delivery.Status.choices)
        if version is None:
            return context
        deliveries = list(selectors.deliveries_of(version, status=status))
        links = selectors.links_of(self.callsheet) if self.membership.can_edit else {}
        context.update(
            latest=selectors.version_get(self.callsheet) if number else version,
            counts=selectors.delivery_counts(version),
            rows=[_delivery_row(d, version, links) for d in deliveries],
            unreachable=selectors.unreachable(version, version.deliveries.all())
            if not status
            else [],
            live_url=reverse(
                "callsheets:callsheet_deliveries_live",
                kwargs={"slug": self.production.slug, "pk": self.callsheet.pk},
            )
            + f"?version={version.number}&status={status}",
        )
        return context


def _delivery_row(delivery: Delivery, version, links: dict) -> dict:
    entry = version.data.get("calls", {}).get(str(delivery.person_id), {})
    link = links.get(delivery.person_id)
    return {
        "delivery": delivery,
        "roles": ", ".join(entry.get("roles", [])),
        "link": callsheet_links.link_url(link) if link and not link.revoked_at else "",
        "revoked": bool(link and link.revoked_at),
    }


class DeliveriesLiveView(DeliveriesView):
    """The counts and rows alone, which static/js/callsheet.js fetches every 10 seconds."""

    template_name = "callsheets/callsheet_deliveries_live.html"


class DeliveryActionView(CallSheetMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def delivery(self) -> Delivery:
        return get_object_or_404(
            Delivery.objects.select_related("person", "version"),
            pk=self.kwargs["delivery"],
            version__callsheet=self.callsheet,
        )

    def back(self):
        url = reverse(
            "callsheets:callsheet_deliveries",
            kwargs={"slug": self.production.slug, "pk": self.callsheet.pk},
        )
        return redirect(url)


class DeliveryResendView(DeliveryActionView):
    def post(self, request, *args, **kwargs):
        delivery = self.delivery()
        try:
            services.delivery_resend(delivery=delivery, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Sending it again to {delivery.person.name}.")
        return self.back()


class LinkRevokeView(DeliveryActionView):
    def post(self, request, *args, **kwargs):
        delivery = self.delivery()
        try:
            callsheet_links.callsheet_link_revoke(callsheet=self.callsheet, person=delivery.person)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{delivery.person.name}'s link no longer works; resend for a new one."
            )
        return self.back()


class CallSheetConfirmView(CallSheetMixin, View):
    """A signed-in member confirms their own call."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        view = personal.personal_view_for_user(self.callsheet, request.user)
        if view is None:
            raise Http404("You are not on this call sheet.")
        try:
            services.delivery_confirm(view=view)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Confirmed. See you on set.")
        return redirect(self.callsheet.get_absolute_url())


# ---------------------------------------------------------------- the crew's page by link


def _personal(token: str) -> personal.PersonalView:
    link = callsheet_links.callsheet_link_find(token)
    view = personal.personal_view(link.callsheet, link.person) if link is not None else None
    if view is None:
        raise Http404("This call sheet link does not work (any more).")
    return view


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: no caches in between, no Referer to other sites, no indexing.
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _personal_context(view: personal.PersonalView, token: str) -> dict:
    return {
        "sheet": view.sheet,
        "view": view,
        "you": view.you,
        "delivery": view.delivery,
        "token": token,
        "personal": True,
    }


def _gone(request) -> HttpResponse:
    return _private(render(request, "callsheets/callsheet_gone.html", status=404))


def _carries_state(request) -> bool:
    # Flash messages (after a refused Confirm) and a signed-in session make a page of its own.
    return "messages" in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES


@require_GET
def personal_page(request, token: str):
    """The person's own call sheet, phone first; opening it marks it opened.

    Served from the cache when nothing changed since it was last rendered (``personal_pages``).
    """
    token_hash = callsheet_links.link_token_hash(token)
    production_id = personal_pages.link_production_id(token_hash)
    if production_id is None:
        return _gone(request)
    cacheable = settings.STUDIO_PERSONAL_PAGE_CACHE and not _carries_state(request)
    page = personal_pages.page_get(token_hash, production_id) if cacheable else None
    if page is None:
        # The generation is read before the data, so a change committed meanwhile wins.
        generation = personal_pages.production_generation(production_id)
        try:
            view = _personal(token)
        except Http404:
            return _gone(request)
        services.delivery_open(view=view)
        context = _personal_context(view, token)
        if not _carries_state(request):
            # Without a messages or session cookie there is no message to show, so the page
            # need not look in a session for one.
            context["messages"] = ()
        page = personal_pages.page_make(
            production_id=production_id,
            generation=generation,
            time_zone=view.callsheet.production.time_zone,
            html=render_to_string("callsheets/callsheet_document.html", context, request),
        )
        if cacheable:
            last_day = callsheet_links.link_expires_on(view.callsheet)
            personal_pages.page_store(token_hash=token_hash, page=page, last_day=last_day)
    return _private(personal_pages.page_response(request, page))


# Exempt from CSRF: the secret token in the URL is the credential here (no session, no cookie),
# and a forged cross-site POST would already need it. Checking CSRF would only force every
# page view to mint a token and set a cookie. What keeps Confirm safe: POST only, the token
# found or 404, and confirming twice changes nothing (``delivery_confirm``).
@csrf_exempt
@require_POST
def personal_confirm(request, token: str):
    view = _personal(token)
    try:
        services.delivery_confirm(view=view)
    except ApplicationError as error:
        messages.error(request, error.message)
    # 303: the browser loads the page again with GET, which the service worker caches.
    response = redirect("callsheets:callsheet_personal", token=token)
    response.status_code = 303
    return _private(response)


@require_GET
def personal_ics(request, token: str):
    view = _personal(token)
    response = HttpResponse(personal.personal_ics(view), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="call-{view.callsheet.date}.ics"'
    return _private(response)


@require_GET
def personal_pdf(request, token: str):
    view = _personal(token)
    paper = request.GET.get("paper", "")
    body = pdf.version_pdf(view.version, paper=paper if paper in PAPERS else None)
    return _private(_pdf_response(body, pdf.pdf_filename(view.version)))


def _service_worker_source() -> bytes:
    path = finders.find("js/sw.js") or staticfiles_storage.path("js/sw.js")
    with open(path, "rb") as file:
        return file.read()


@require_GET
def service_worker(request):
    """Serve static/js/sw.js from /c/ so that its scope covers every personal page."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/c/"
    return response
