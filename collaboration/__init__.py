"""Collaboration: comments and mentions, notifications and preferences, sign-offs, the
decision log, the activity feed and live updates.

Imports: core and productions only. Every other app registers its kinds of object with it
(how to find one, who may see it) from its ``apps.py``.
"""
