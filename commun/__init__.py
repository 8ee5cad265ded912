"""The kit every app shares: the one permission helper, the system user and history author, the dated-period model,
the e-mail sends through Celery, the admin mixin and the form adapter for a service's refusals."""
