"""The crew's sections of the production overview page: creative team, cast, departments.

The overview is a page of ``productions``, which may not import ``crew`` (crew depends on
productions). Its template loads this tag instead, so the crew fills in its own part.
"""

from django import template

from crew import selectors

register = template.Library()


@register.inclusion_tag("crew/_production_overview.html", takes_context=True)
def production_crew_sections(context) -> dict:
    production = context["production"]
    return {
        "production": production,
        "membership": context["membership"],
        "creative_team": selectors.creative_team(production),
        "cast": selectors.assignments_for_production(production).filter(role_kind="cast"),
        "department_counts": selectors.department_counts(production),
    }
