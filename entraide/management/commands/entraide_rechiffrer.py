"""Former name of `python manage.py rechiffrer` (commun), which covers every app, the entraide included: kept as
an alias so that an operator's notes still work."""

from commun.management.commands.rechiffrer import Command as Rechiffrer


class Command(Rechiffrer):
    help = "Ancien nom de « rechiffrer » (toutes les applications, l'entraide comprise)."
