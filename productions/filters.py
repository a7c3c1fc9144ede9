"""The one scene filter, shared by the scenes endpoint and the scene list page, and the API's
strict filter sets.

django-filter ignores a filter whose value it cannot read (``?omitted=null``, ``?date=``): the
API refuses it with 400 instead, as its schema promises. The HTML pages keep the lenient
filters, where an empty ``<select>`` means "any".
"""

import django_filters
from django import forms
from django_filters import rest_framework as drf_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter, SearchFilter

from productions.models import Scene

BOOLEANS = {"true", "false", "1", "0"}


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A whole-number id (``NumberFilter`` would take ``1.5``)."""

    field_class = forms.IntegerField


class StrictFilterSet(drf_filters.FilterSet):
    """Refuse a filter that is empty, repeated, or not of its type, instead of ignoring it."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            if name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            if len(values) > 1:
                problem = "Give one value."
            elif values[0] == "" and type(filter_) is not django_filters.CharFilter:
                # A plain text filter may be empty; a number, date, choice or boolean may not.
                problem = "Give a value, or leave the filter out."
            elif isinstance(filter_, django_filters.BooleanFilter) and (
                values[0].lower() not in BOOLEANS
            ):
                problem = "Give true or false."
            else:
                continue
            if name not in self.form.errors:
                self.form.add_error(name, problem)
            valid = False
        return valid


class StrictFilterBackend(drf_filters.DjangoFilterBackend):
    """``filterset_fields`` built on the strict filter set."""

    filterset_base = StrictFilterSet


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
    character = IdFilter(field_name="characters", label="Character id")
    location = IdFilter(field_name="location", label="Location id")
    element = IdFilter(field_name="elements", label="Element id")

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


class SceneApiFilter(StrictFilterSet, SceneFilter):
    """The scenes endpoint's filter: the page's, strict."""

    class Meta(SceneFilter.Meta):
        pass


# What the API's views filter with: the strict filters, then ordering and search as everywhere.
STRICT_FILTER_BACKENDS = [StrictFilterBackend, OrderingFilter, SearchFilter]
