"""The demo production "The Long Night", seeded by ``manage.py seed_demo``.

Owns: the demo's data, one module per app it fills (``breakdown``, ``schedule``,
``callsheets``, ``reports``, …) and ``seed.demo_seed``, which runs them in order.
May import every app; no app may import it.
"""
