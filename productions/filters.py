"""The one scene filter, shared by the scenes endpoint and the scene list page."""

import django_filters

from productions.models import Scene


class SceneFilter(django_filters.FilterSet):
    int_ext = django_filters.ChoiceFilter(choices=Scene.IntExt.choices, label="INT/EXT")
    time_of_day = django_filters.CharFilter(lookup_expr="iexact", label="Time of day")
    day_night = django_filters.ChoiceFilter(
        choices=[("day", "Day"), ("night", "Night")],
        method="filter_day_night",
        label="Day or night",
        help_text="Night includes dusk and evening, as the strip colours do.",
    )
    omitted = django_filters.BooleanFilter()
    # Plain ids, not model choices: an id of another production simply matches nothing, and
    # validating it would cost a query per filter.
    character = django_filters.NumberFilter(field_name="characters", label="Character id")
    location = django_filters.NumberFilter(field_name="location", label="Location id")
    element = django_filters.NumberFilter(field_name="elements", label="Element id")

    class Meta:
        model = Scene
        fields = [
            "int_ext",
            "time_of_day",
            "day_night",
            "omitted",
            "character",
            "location",
            "element",
        ]

    def filter_day_night(self, queryset, name, value):
        if value == "night":
            return queryset.filter(time_of_day__in=Scene.NIGHT_TIMES)
        return queryset.exclude(time_of_day__in=Scene.NIGHT_TIMES)
