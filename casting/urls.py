from django.urls import path
from django.views.generic import RedirectView

from casting import invitation_views, views

app_name = "casting"

P = "productions/<slug:slug>/casting"

urlpatterns = [
    path("a/<str:token>/", invitation_views.InvitationView.as_view(), name="invitation"),
    path(
        "a/<str:token>/sides/",
        invitation_views.InvitationSidesView.as_view(),
        name="invitation_sides",
    ),
    path(
        "a/<str:token>/tape/", invitation_views.InvitationTapeView.as_view(), name="invitation_tape"
    ),
    path("o/<str:token>/", invitation_views.OfferMemoView.as_view(), name="offer_memo_link"),
    path(f"{P}/", views.RoleListView.as_view(), name="roles"),
    path(f"{P}/roles/<int:pk>/", views.RoleBoardView.as_view(), name="role"),
    path(f"{P}/roles/<int:pk>/sides/", views.RoleSidesView.as_view(), name="role_sides"),
    path(f"{P}/roles/<int:pk>/edit/", views.RoleEditView.as_view(), name="role_edit"),
    path(f"{P}/roles/<int:pk>/picks/", views.PicksView.as_view(), name="picks"),
    path(f"{P}/roles/<int:pk>/add/", views.CandidateAddView.as_view(), name="candidate_add"),
    path(f"{P}/roles/<int:pk>/bulk/", views.CandidatesBulkView.as_view(), name="bulk"),
    path(f"{P}/roles/<int:pk>/release/", views.ReleaseBookingView.as_view(), name="release"),
    # The prefixes the board builds its cards' links from (one reverse for every card).
    path(
        f"{P}/roles/<int:pk>/candidates/",
        RedirectView.as_view(pattern_name="casting:role"),
        name="candidates",
    ),
    path(f"{P}/headshots/", RedirectView.as_view(pattern_name="casting:roles"), name="headshots"),
    path(
        f"{P}/roles/<int:pk>/candidates/<int:candidate>/move/",
        views.CandidateMoveView.as_view(),
        name="move",
    ),
    path(
        f"{P}/roles/<int:pk>/candidates/<int:candidate>/offer/",
        views.OfferCreateView.as_view(),
        name="offer_add",
    ),
    path(
        f"{P}/roles/<int:pk>/candidates/<int:candidate>/headshots/",
        views.HeadshotAddView.as_view(),
        name="headshot_add",
    ),
    path(f"{P}/headshots/<int:pk>/", views.HeadshotView.as_view(), name="headshot"),
    path(f"{P}/auditions/", views.SessionListView.as_view(), name="sessions"),
    path(f"{P}/auditions/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
    path(
        f"{P}/auditions/<int:pk>/slots/<int:slot>/move/",
        views.SlotMoveView.as_view(),
        name="slot_move",
    ),
    path(f"{P}/tapes/<int:pk>/", views.SelfTapeView.as_view(), name="tape"),
    path(f"{P}/offers/<int:pk>/", views.OfferDetailView.as_view(), name="offer"),
    path(f"{P}/offers/<int:pk>/memo.pdf", views.DealMemoView.as_view(), name="deal_memo"),
]
