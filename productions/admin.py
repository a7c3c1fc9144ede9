from django.contrib import admin

from productions.models import (
    BreakdownElement,
    Character,
    Location,
    LocationUnavailability,
    Membership,
    Production,
    Scene,
    Script,
)


class ScopedAdminMixin:
    """Staff who are not superusers see only the productions they are members of."""

    production_path = "production"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = (
            f"{self.production_path}__memberships__user"
            if self.production_path
            else ("memberships__user")
        )
        return queryset.filter(**{lookup: request.user}).distinct()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Production)
class ProductionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    production_path = ""
    list_display = ["title", "slug", "kind", "phase", "start_date", "wrap_date", "deleted_at"]
    list_filter = ["kind", "phase"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "user", "access", "created_at"]
    list_filter = ["access"]
    list_select_related = ["production", "user"]
    search_fields = ["production__title", "user__username"]
    autocomplete_fields = ["user", "production"]


# ---------------------------------------------------------------- the screenplay and its breakdown


@admin.register(Script)
class ScriptAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "title", "revision_name", "revision_colour", "uploaded_at"]
    list_filter = ["revision_colour", "format"]
    list_select_related = ["production"]
    search_fields = ["title", "revision_name", "original_name", "production__title"]
    readonly_fields = ["checksum", "result", "uploaded_by", "uploaded_at"]


@admin.register(Character)
class CharacterAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "cast_id", "production", "assignment"]
    list_select_related = ["production", "assignment__person"]
    search_fields = ["name", "production__title"]
    autocomplete_fields = ["assignment"]


@admin.register(BreakdownElement)
class BreakdownElementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "category", "production"]
    list_filter = ["category"]
    list_select_related = ["production"]
    search_fields = ["name", "production__title"]


class LocationUnavailabilityInline(admin.TabularInline):
    model = LocationUnavailability
    extra = 0


@admin.register(Location)
class LocationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "production", "address", "nearest_hospital"]
    list_select_related = ["production"]
    search_fields = ["name", "address", "production__title"]
    inlines = [LocationUnavailabilityInline]


@admin.register(Scene)
class SceneAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "int_ext", "set_name", "time_of_day", "production", "omitted"]
    list_filter = ["int_ext", "omitted"]
    list_select_related = ["production"]
    search_fields = ["number", "set_name", "synopsis", "production__title"]
    autocomplete_fields = ["location", "characters", "elements"]
    ordering = ["production", "script_order", "pk"]
