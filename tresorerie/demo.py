"""Demo data of the trésorerie, for `python manage.py demo` (docs/nouvelle-app.md §7). Each part of the app has its
module `tresorerie/demo_<partie>.py` with a function `(*, today, par) -> str` (one French line for the command's
summary), built through the services and idempotent (a second run adds nothing); it is listed in PARTIES, in the
order they run (the budget first: the others spend on it)."""

import datetime
from importlib import import_module

# ("module", "function"), in order.
PARTIES: list[tuple[str, str]] = [
    ("demo_budget", "demo_budget"),  # budget: first, the others spend on it
    ("demo_chaine", "demo_chaine"),  # the expense chain (issue 11 point 2): after the budget's lines
    ("demo_cloture", "demo_cloture"),  # cash box and fixed assets (issue 11 points 5-6)
    ("demo_indemnites", "demo_indemnites"),  # allowances (issue 11 point 8)
    ("demo_frais", "demo_frais"),  # expense claims (issue 11 point 9)
]


def demo_tresorerie(*, today: datetime.date, par) -> list[str]:
    lignes = []
    for module, fonction in PARTIES:
        lignes.append(getattr(import_module(f"tresorerie.{module}"), fonction)(today=today, par=par))
    return [ligne for ligne in lignes if ligne]
