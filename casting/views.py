"""The casting office's pages: the breakdown, each role's board and picks, sessions, offers.

The same services and selectors as the API; refusals are shown in the page's words.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from casting import auditions, board_cache, booking, selectors, services, sides
from casting.forms import (
    BulkForm,
    CandidateForm,
    HeadshotForm,
    InviteForm,
    MoveForm,
    OfferAnswerForm,
    OfferForm,
    PickForm,
    RoleForm,
    SessionForm,
)
from casting.models import Candidate, Headshot, Offer, SelfTape, Slot
from core.exceptions import ApplicationError
from core.forms import show_application_error
from productions.pages import ProductionPageMixin


class CastingPageMixin(ProductionPageMixin):
    """``casting_level``: "member" (bookings only), "decide" (director too) or "office"."""

    nav = "casting"
    casting_level = "office"

    @cached_property
    def access(self) -> selectors.CastingAccess:
        return selectors.access_for(self.membership, self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            allowed = {
                "member": True,
                "decide": self.access.decide,
                "office": self.access.office,
            }[self.casting_level]
            if not allowed:
                raise PermissionDenied("Your access to this production does not include casting.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["access"] = self.access
        return context

    @cached_property
    def role(self):
        return selectors.role_get(self.production, self.kwargs["pk"])

    def back_to_board(self):
        return redirect("casting:role", slug=self.production.slug, pk=self.role.pk)

    def refused(self, error: ApplicationError):
        messages.error(self.request, error.message)
        return self.back_to_board()


class RoleListView(CastingPageMixin, TemplateView):
    """The casting breakdown. Members outside casting see the booked roles only."""

    template_name = "casting/role_list.html"
    casting_level = "member"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = selectors.roles_of(self.production)
        if not self.access.decide:
            roles = roles.filter(status="cast")
        context["roles"] = selectors.roles_with_days(self.production, roles)
        context["uncast_characters"] = (
            selectors.characters_without_role(self.production).count() if self.access.office else 0
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.access.office:
            raise PermissionDenied
        roles = services.roles_create_from_script(production=self.production)
        messages.success(request, f"{len(roles)} role(s) opened from the script.")
        return redirect("casting:roles", slug=self.production.slug)


class RoleBoardView(CastingPageMixin, TemplateView):
    """A role's casting board: candidates in columns by status, with picks and conflicts."""

    template_name = "casting/role_board.html"
    casting_level = "decide"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role"] = self.role
        # The cards and the bulk form are the same for every viewer of an access level until
        # the role changes: rendered once, then served from the cache (casting/board_cache.py).
        office = self.access.office
        fragments = board_cache.cached(
            self.role, office=office, compute=lambda: board_cache.render(self.board_context())
        )
        context["board"] = fragments.for_request(self.request)
        context["needed"] = selectors.work_days_label(self.role.work_days)
        context["latest_script_id"] = self.role.latest_script_id
        return context

    @cached_property
    def role(self):
        # The role's work days and the latest script are the same until the schedule or the
        # scripts change: four queries of the page's seven, kept with the cards.
        role = get_object_or_404(selectors.roles_of(self.production), pk=self.kwargs["pk"])

        def compute():
            work_days = selectors.roles_with_days(self.production, [role])[0].work_days
            script = sides.latest_script(role)
            return board_cache.RoleDays(tuple(work_days), script.pk if script else None)

        days = board_cache.cached_days(role, compute=compute)
        role.work_days = list(days.work_days)
        role.needed = selectors.work_days_label(role.work_days)
        role.latest_script_id = days.latest_script_id
        return role

    def board_context(self) -> dict:
        columns = selectors.board_for(self.role)
        # The board draws one select per card and a box per candidate: their options are
        # computed here once, and the cards' URLs are built from one prefix, rather than a
        # form widget's templates and a reverse() per card (most of the page's time at 40).
        return {
            "access": self.access,
            "columns": columns,
            "move_choices": MoveForm.base_fields["status"].choices,
            "bulk_candidates": sorted(
                (c for column in columns for c in column.candidates), key=lambda c: c.person.name
            ),
            "bulk_status": BulkForm.base_fields["status"],
            "column_offerable": Candidate.HELD,
            "cards_url": reverse(
                "casting:candidates", kwargs={"slug": self.production.slug, "pk": self.role.pk}
            ),
            "headshots_url": reverse("casting:headshots", kwargs={"slug": self.production.slug}),
            "production": self.production,
            "role": self.role,
        }


class RoleSidesView(CastingPageMixin, View):
    """Download the role's sides: the uploaded PDF, else those made from the script."""

    casting_level = "decide"

    def get(self, request, slug, pk):
        if not self.role.sides_file:
            raise Http404("No sides for this role yet.")
        response = FileResponse(self.role.sides_file.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="sides-{self.role.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, slug, pk):
        if not self.access.office:
            raise PermissionDenied
        try:
            sides.sides_request(role=self.role)
        except ApplicationError as error:
            return self.refused(error)
        messages.success(request, "The sides are being made from the script; reload in a moment.")
        return self.back_to_board()


class RoleEditView(CastingPageMixin, FormView):
    template_name = "casting/role_form.html"
    form_class = RoleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.role}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "role": self.role}

    def form_valid(self, form):
        try:
            services.role_update(role=self.role, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Saved.")
        return self.back_to_board()


class CandidateAddView(CastingPageMixin, FormView):
    template_name = "casting/candidate_form.html"
    form_class = CandidateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "role": self.role}

    def form_valid(self, form):
        try:
            services.candidate_add(role=self.role, by=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{form.cleaned_data['person']} added.")
        return self.back_to_board()


class CandidateMoveView(CastingPageMixin, View):
    """Move one card: the board's select (without JavaScript) and its drag both post here."""

    def post(self, request, slug, pk, candidate):
        target = get_object_or_404(Candidate, pk=candidate, role=self.role)
        form = MoveForm(request.POST)
        if not form.is_valid():
            return self.refused(ApplicationError("Choose a column to move the candidate to."))
        try:
            moved = services.candidate_move(candidate=target, **form.cleaned_data)
        except ApplicationError as error:
            return self.refused(error)
        messages.success(request, f"{moved.person.name}: {moved.get_status_display()}.")
        return self.back_to_board()


class CandidatesBulkView(CastingPageMixin, View):
    def post(self, request, slug, pk):
        form = BulkForm(request.POST, role=self.role)
        if not form.is_valid():
            return self.refused(ApplicationError("Tick the candidates and choose a column."))
        try:
            moved = services.candidates_bulk_move(
                role=self.role,
                candidate_ids=[c.pk for c in form.cleaned_data["candidates"]],
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
            )
        except ApplicationError as error:
            return self.refused(error)
        messages.success(request, f"{len(moved)} candidate(s) moved.")
        return self.back_to_board()


class PicksView(CastingPageMixin, TemplateView):
    """The picks side by side, the director's marked; each decider records their own."""

    template_name = "casting/picks.html"
    casting_level = "decide"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidates = [c for c in selectors.candidates_for_role(self.role) if c.status != "released"]
        deciders = sorted({p.user.username for c in candidates for p in c.picks.all()})
        for candidate in candidates:
            by_user = {p.user.username: p for p in candidate.picks.all()}
            candidate.pick_row = [by_user.get(name) for name in deciders]
            candidate.mine = next(
                (p for p in candidate.picks.all() if p.user_id == self.request.user.pk), None
            )
        context.update(role=self.role, candidates=candidates, deciders=deciders, form=PickForm())
        return context

    def post(self, request, slug, pk):
        candidate = get_object_or_404(Candidate, pk=request.POST.get("candidate"), role=self.role)
        form = PickForm(request.POST)
        if form.is_valid():
            services.pick_record(candidate=candidate, user=request.user, **form.cleaned_data)
            messages.success(request, f"Your pick on {candidate.person.name} is saved.")
        else:
            messages.error(request, "Choose yes, no or maybe.")
        return redirect("casting:picks", slug=slug, pk=pk)


class ReleaseBookingView(CastingPageMixin, TemplateView):
    """Say what releasing the booked actor changes, then do it on confirmation."""

    template_name = "casting/release_booking.html"

    def get_context_data(self, **kwargs):
        if self.role.assignment_id is None:
            raise Http404("No one is booked for this role.")
        return {**super().get_context_data(**kwargs), "role": self.role}

    def post(self, request, slug, pk):
        try:
            changes = booking.booking_release(role=self.role, by=request.user)
        except ApplicationError as error:
            return self.refused(error)
        for change in changes:
            messages.success(request, change)
        return self.back_to_board()


# ---------------------------------------------------------------- auditions


class SessionListView(CastingPageMixin, FormView):
    template_name = "casting/session_list.html"
    form_class = SessionForm
    casting_level = "decide"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "production": self.production}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = selectors.sessions_of(self.production)
        return context

    def form_valid(self, form):
        if not self.access.office:
            raise PermissionDenied
        fields = {k: v for k, v in form.cleaned_data.items()}
        try:
            session = auditions.session_create(production=self.production, **fields)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        return redirect("casting:session", slug=self.production.slug, pk=session.pk)


class SessionDetailView(CastingPageMixin, FormView):
    """The session's schedule: each slot, who has it and what they answered."""

    template_name = "casting/session_detail.html"
    form_class = InviteForm
    casting_level = "decide"

    @cached_property
    def session(self):
        return get_object_or_404(selectors.sessions_of(self.production), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slots = list(self.session.slots.all())
        tapes = SelfTape.objects.filter(slot__in=slots).order_by("-uploaded_at")
        by_slot = {}
        for tape in tapes:
            by_slot.setdefault(tape.slot_id, tape)
        for slot in slots:
            slot.link = selectors.slot_link(slot) if self.access.office else ""
            slot.tape = by_slot.get(slot.pk) if self.access.office else None
        open_slots = auditions.open_slots_for_move(self.production) if self.access.office else []
        context.update(session=self.session, slots=slots, open_slots=open_slots)
        return context

    def form_valid(self, form):
        if not self.access.office:
            raise PermissionDenied
        try:
            slots = auditions.session_invite(
                session=self.session, candidates=list(form.cleaned_data["candidates"])
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{len(slots)} invitation(s) on their way.")
        return redirect("casting:session", slug=self.production.slug, pk=self.session.pk)


class SlotMoveView(CastingPageMixin, View):
    """Move an invitation to another time; the actor is emailed it with the same link."""

    def post(self, request, slug, pk, slot):
        session = get_object_or_404(selectors.sessions_of(self.production), pk=pk)
        moving = get_object_or_404(Slot, pk=slot, session=session)
        target = Slot.objects.filter(
            pk=request.POST.get("to") if str(request.POST.get("to", "")).isdigit() else None,
            session__production=self.production,
        ).first()
        try:
            if target is None:
                raise ApplicationError("Choose the open slot to move the invitation to.")
            moved = auditions.slot_move(slot=moving, to=target)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("casting:session", slug=slug, pk=pk)
        messages.success(
            request,
            f"{moved.candidate.person.name} moved to {moved.session.date:%a %-d %b} at "
            f"{moved.start:%H:%M}; the new time is on its way to them.",
        )
        return redirect("casting:session", slug=slug, pk=moved.session_id)


class HeadshotView(CastingPageMixin, View):
    """Stream a headshot to those who may see the candidate (the director and the office)."""

    casting_level = "decide"

    def get(self, request, slug, pk):
        photo = get_object_or_404(Headshot, pk=pk, candidate__role__production=self.production)
        response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
        response["Content-Disposition"] = f'inline; filename="headshot-{photo.pk}"'
        response["Cache-Control"] = "private, max-age=3600"
        return response


class HeadshotAddView(CastingPageMixin, View):
    def post(self, request, slug, pk, candidate):
        target = get_object_or_404(Candidate, pk=candidate, role=self.role)
        form = HeadshotForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ApplicationError("Choose a photo to upload (PNG, JPEG or WebP).")
            services.headshot_upload(
                candidate=target, upload=form.cleaned_data["headshot"], by=request.user
            )
        except ApplicationError as error:
            return self.refused(error)
        messages.success(request, f"Headshot of {target.person.name} added.")
        return self.back_to_board()


class SelfTapeView(CastingPageMixin, View):
    """Stream a self-tape to the casting office; never a public media URL."""

    def get(self, request, slug, pk):
        tape = get_object_or_404(SelfTape, pk=pk, slot__session__production=self.production)
        response = FileResponse(tape.file.open("rb"), content_type=tape.content_type)
        response["Content-Disposition"] = f'inline; filename="self-tape-{tape.pk}"'
        response["Cache-Control"] = "private, no-store"
        return response


# ---------------------------------------------------------------- offers


class OfferCreateView(CastingPageMixin, FormView):
    template_name = "casting/offer_form.html"
    form_class = OfferForm

    @cached_property
    def candidate(self):
        return get_object_or_404(
            Candidate.objects.select_related("person"), pk=self.kwargs["candidate"], role=self.role
        )

    def get_initial(self):
        return {"rate": self.role.rate, "start_date": (self.role.work_days or [None])[0]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.conflicts_for([self.candidate], self.role, self.role.work_days)
        context.update(role=self.role, candidate=self.candidate)
        return context

    def form_valid(self, form):
        try:
            offer = services.offer_create(
                production=self.production,
                candidate=self.candidate,
                by=self.request.user,
                **form.cleaned_data,
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        return redirect("casting:offer", slug=self.production.slug, pk=offer.pk)


class OfferDetailView(CastingPageMixin, TemplateView):
    """The offer with its history; approve (owners, producers), send, record the answer."""

    template_name = "casting/offer_detail.html"

    @cached_property
    def offer(self) -> Offer:
        return get_object_or_404(selectors.offers_of(self.production), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(offer=self.offer, answer_form=OfferAnswerForm(), daily=None)
        context["daily"] = booking.daily_rate(self.offer)
        return context

    def post(self, request, slug, pk):
        step = request.POST.get("step")
        try:
            if step == "approve":
                services.offer_approve(
                    offer=self.offer, by=request.user, membership=self.membership
                )
            elif step == "send":
                services.offer_send(offer=self.offer, by=request.user)
            elif step == "answer":
                form = OfferAnswerForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError("Choose the answer, and check the new terms.")
                terms = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
                terms.setdefault("note", "")
                services.offer_answer(offer=self.offer, by=request.user, **terms)
            else:
                raise ApplicationError("Choose approve, send or an answer.")
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Saved.")
        return redirect("casting:offer", slug=slug, pk=pk)


class DealMemoView(CastingPageMixin, View):
    def get(self, request, slug, pk):
        offer = get_object_or_404(Offer, pk=pk, production=self.production)
        if not offer.deal_memo:
            raise Http404("No deal memo: the offer is not accepted.")
        response = FileResponse(offer.deal_memo.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="deal-memo-{offer.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
