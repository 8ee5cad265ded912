"""Every write of the safety observatory (re-exported here)."""

from .incidents import incident_declarer, lectures_consigner  # noqa: F401
