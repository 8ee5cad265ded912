"""entraide API: aides (registers its viewsets on the package's router)."""
