from django.contrib import admin

from crew.models import Assignment, Department, Person, Unavailability
from productions.admin import ScopedAdminMixin


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, admin.ModelAdmin):
    production_path = "assignments__production"
    list_display = ["name", "email", "phone", "user"]
    search_fields = ["name", "email"]
    list_select_related = ["user"]
    inlines = [UnavailabilityInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "production"]
    list_select_related = ["production"]
    search_fields = ["name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "title", "department", "role_kind", "production", "key_contact"]
    list_filter = ["role_kind", "department"]
    list_select_related = ["person", "department", "production"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
