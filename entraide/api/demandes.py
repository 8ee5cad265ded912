"""entraide API: demandes (registers its viewsets on the package's router)."""
