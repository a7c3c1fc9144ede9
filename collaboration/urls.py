from django.urls import path, register_converter

from collaboration import views


class IdConverter:
    """An id that fits a bigint: a longer number is a 404, never a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "collaboration"

BASE = "productions/<slug:slug>/"

urlpatterns = [
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path(f"{BASE}comments/new/", views.CommentPostView.as_view(), name="comment_post"),
    path(
        f"{BASE}comments/<id:pk>/<str:action>/",
        views.CommentActionView.as_view(),
        name="comment_action",
    ),
    path(f"{BASE}thread/", views.ThreadPartialView.as_view(), name="thread"),
    path(f"{BASE}discussion/", views.DiscussionView.as_view(), name="discussion"),
    path(f"{BASE}follow/", views.FollowView.as_view(), name="follow"),
    path(f"{BASE}signoffs/new/", views.ApprovalRequestView.as_view(), name="approval_request"),
    path(
        f"{BASE}signoffs/<id:pk>/decide/",
        views.ApprovalDecideView.as_view(),
        name="approval_decide",
    ),
    path(f"{BASE}signoffs/policy/", views.PolicyView.as_view(), name="policy"),
    path(f"{BASE}attachments/<id:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path(f"{BASE}activity/", views.ActivityView.as_view(), name="activity"),
    path(f"{BASE}decisions/", views.DecisionLogView.as_view(), name="decisions"),
    path(f"{BASE}decisions.pdf", views.DecisionLogPdfView.as_view(), name="decisions_pdf"),
]
