"""The conciliation back-office, one module per aggregate (each imported here so Django registers it)."""
