"""Shots: the director's shot lists, setups and storyboard frames per scene, the day's shot
list, and the scene times that follow from the plan.

Imports: core, productions, crew, schedules. Must not import: callsheets, reports, demo
(those import shots).
"""
