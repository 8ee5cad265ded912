"""conciliation API: rapport (registers its viewsets on the package's router)."""
