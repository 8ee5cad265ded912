"""The expense chain's endpoints (CONTRACT.md: /api/tresorerie/engagements/…). Filled by the chain's work."""
