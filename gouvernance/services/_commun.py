"""What every gouvernance service shares; the kit itself is in commun (saving with history, periods, closing)."""

import datetime

from commun.periodes import chevauche_q as _chevauche  # noqa: F401
from commun.services import UN_JOUR, clore, clore_en_cascade  # noqa: F401
from commun.services import enregistrer as _enregistrer  # noqa: F401


def _d(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"
