# The council of tests/gouvernance (16 titulars, président, SG, trésorier) serves the helper's tests too.
from tests.gouvernance.conftest import conseil, seance  # noqa: F401
