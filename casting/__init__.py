"""Casting: roles from the script's characters, candidates, auditions and their
invitations, picks, offers and deal memos that book an actor.

Imports: core, productions, crew, schedules (and collaboration's registry). Must not import:
budgets internals, webhooks, demo.
"""
