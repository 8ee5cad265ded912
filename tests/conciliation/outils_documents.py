"""What the documents slice's tests share (issue 12 points 1, 2, 4, 5, 6): the readers of a file, the text of a
PDF."""

import datetime
import io
import re

from pypdf import PdfReader

from tests import factories


def texte_pdf(contenu: bytes) -> str:
    assert contenu[:5] == b"%PDF-", contenu[:200]
    lecteur = PdfReader(io.BytesIO(contenu))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in lecteur.pages)).replace(" .", ".")


def pages_pdf(contenu: bytes) -> int:
    return len(PdfReader(io.BytesIO(contenu)).pages)


def juriste():
    """A member of the service juridique (staff with the conciliation's permissions)."""
    return factories.StaffFactory(groupe="juridique")


def membre_de_la_commission(*, debut=datetime.date(2025, 7, 1), fin=None, **medecin):
    """An elected member seated on the conciliation commission from `debut` (to `fin`), with a login."""
    membre = factories.MembreFactory(medecin=factories.MedecinFactory(avec_compte=True, **medecin))
    from gouvernance.models import Commission

    commission = Commission.objects.filter(nature="conciliation").first() or factories.CommissionFactory(
        nature="conciliation", nom="Commission de conciliation"
    )
    factories.SiegeCommissionFactory(commission=commission, membre=membre, date_debut=debut, date_fin=fin)
    return membre


def president(**medecin):
    membre = factories.MembreFactory(medecin=factories.MedecinFactory(avec_compte=True, **medecin))
    factories.FonctionFactory(membre=membre, fonction="president")
    return membre
