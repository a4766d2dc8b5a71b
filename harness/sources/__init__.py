"""Where a Store or Books comes from.

``generated`` builds them from a seed (Faker pools plus pathology injection, with
a ground-truth manifest); ``strategies`` wraps that for hypothesis property
tests; ``faker_providers`` teaches Faker the catalogue vocabulary. Recorded and
imported sources live beside them as they are written.
"""
