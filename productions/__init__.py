"""Productions: a production and its members, scripts (import and the screenplay reader),
scenes, characters, locations and breakdown elements.

Imports: core only. Must not import any other app (they all build on this one); the
overview page's crew sections come from crew's template tag.
"""
