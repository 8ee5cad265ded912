"""The trésorerie's back-office, one module per aggregate (each imported here so Django registers it)."""

from . import (  # noqa: F401
    budget,  # budgets, lines, transfers, amendments, parameters (issue 11 points 1, 3, 10)
    chaine,  # the expense chain (points 2 and 4)
    cloture,  # cash box, fixed assets, year-end (points 5-7)
    frais,  # expense claims (point 9)
    indemnites,  # allowances (point 8)
    plan,  # the accounting plan
)
