"""conciliation API: reunions (registers its viewsets on the package's router)."""
