"""The invited person's pages at ``/a/<token>/``: no sign-in, only their own invitation.

An unknown token and an expired link answer in words; neither says anything about the
production or the person.
"""

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.views import View

from casting import auditions, booking, offer_mail, selectors
from casting.forms import InvitationAnswerForm, TapeForm
from core.exceptions import ApplicationError


def _slot_or_answer(request, token):
    slot, expired = selectors.slot_find(token)
    if slot is None:
        return None, render(request, "casting/invitation_gone.html", {"expired": False}, status=404)
    if expired:
        return None, render(request, "casting/invitation_gone.html", {"expired": True}, status=410)
    return slot, None


def _page(request, slot, *, form=None, tape_form=None, status=200):
    session = slot.session
    context = {
        "slot": slot,
        "session": session,
        "production": None,  # no production navigation for a guest
        "production_title": session.production.title,
        "form": form or InvitationAnswerForm(initial={"note": slot.note}),
        "tape_form": tape_form or TapeForm(),
        "tapes": slot.tapes.count(),
        "token": request.resolver_match.kwargs["token"],
        "self_tape": session.kind == session.Kind.SELF_TAPE,
    }
    return render(request, "casting/invitation.html", context, status=status)


class InvitationView(View):
    def get(self, request, token):
        slot, gone = _slot_or_answer(request, token)
        return gone or _page(request, slot)

    def post(self, request, token):
        slot, gone = _slot_or_answer(request, token)
        if gone:
            return gone
        form = InvitationAnswerForm(request.POST)
        if not form.is_valid():
            return _page(request, slot, form=form, status=400)
        try:
            auditions.invitation_answer(slot=slot, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return _page(request, slot, form=form, status=400)
        messages.success(request, "Thank you: the casting office has your answer.")
        return redirect("casting:invitation", token=token)


class InvitationSidesView(View):
    def get(self, request, token):
        slot, gone = _slot_or_answer(request, token)
        if gone:
            return gone
        role = slot.session.role
        if role is None or not role.sides_file:
            return render(request, "casting/invitation_gone.html", {"no_sides": True}, status=404)
        response = FileResponse(role.sides_file.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="sides-{role.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class InvitationTapeView(View):
    """Upload a self-tape: videos only, under the size limit, whole."""

    def post(self, request, token):
        slot, gone = _slot_or_answer(request, token)
        if gone:
            return gone
        try:
            files = request.FILES
        except (MultiPartParserError, RequestDataTooBig, OSError):
            # A connection cut mid-upload leaves a body the parser cannot finish.
            files = {}
        tape_form = TapeForm(request.POST if files else None, files or None)
        if not files:
            tape_form = TapeForm({}, {})
            tape_form.is_valid()
            tape_form.errors.clear()
            tape_form.add_error("file", "The upload did not arrive whole; please try again.")
            return _page(request, slot, tape_form=tape_form, status=400)
        if not tape_form.is_valid():
            return _page(request, slot, tape_form=tape_form, status=400)
        try:
            auditions.self_tape_upload(slot=slot, upload=tape_form.cleaned_data["file"])
        except ApplicationError as error:
            tape_form.add_error("file", error.message)
            return _page(request, slot, tape_form=tape_form, status=400)
        messages.success(request, "Your self-tape is uploaded. Thank you.")
        return redirect("casting:invitation", token=token)


class OfferMemoView(View):
    """The agent's link to an offer's deal memo: a draft while it is out, then the memo."""

    def get(self, request, token):
        offer = offer_mail.offer_for_memo_token(token)
        if offer is None:
            return render(request, "casting/invitation_gone.html", {"offer": True}, status=404)
        if offer.deal_memo:
            response = FileResponse(offer.deal_memo.open("rb"), content_type="application/pdf")
        else:
            pdf = booking.deal_memo_draft_pdf(offer)
            response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="deal-memo-{offer.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
