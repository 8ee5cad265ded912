"""conciliation API: plaintes (registers its viewsets on the package's router)."""
