from django.urls import path

from crew import views

app_name = "crew"

urlpatterns = [
    path("", views.CrewListView.as_view(), name="list"),
    path("add/", views.AssignmentFormView.as_view(), name="assignment_add"),
    path("<int:pk>/edit/", views.AssignmentFormView.as_view(), name="assignment_edit"),
    path("<int:pk>/remove/", views.AssignmentDeleteView.as_view(), name="assignment_delete"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
]
