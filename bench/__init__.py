"""``make bench``: the load tests (``run.py``), the component benchmarks and their seeding.

One module per subject (``stripboard``, ``callsheet``, ``report_files``, ``import_script``,
``talent``, …), each returning result rows for ``manage.py bench_components``. May import
every app; no app may import it.
"""
