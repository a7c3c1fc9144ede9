"""What every app shares, importing no app of Studio's.

Owns: ``ApplicationError`` and the API's error handler (``exceptions``), domain events
(``events``), access rules by membership level (``permissions``), the Redis cache
(``cache``), ``save_validated`` (``services``), how pages show an error (``forms``), the
schema's shared pieces (``openapi``) and API token authentication (``authentication``).

Must not import: any other Studio package (``studio``, ``productions``, ``crew``, …).
"""
