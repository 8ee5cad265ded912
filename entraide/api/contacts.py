"""entraide API: contacts (registers its viewsets on the package's router)."""
