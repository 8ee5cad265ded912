"""The dues' letters as PDF: context → templates/pdf/cotisations/ → WeasyPrint (config.pdf).

Interface used by every door (API, espace médecin, admin, print run): `appel_pdf(cotisation)` and
`recu_pdf(paiement)` return the PDF bytes; `nom_appel(cotisation)`, `nom_recu(paiement)` the file names.

The call follows the models of annexes I (doctor) and II (company) of seed 002: the council, the addressee and his
address, the place and date, the year, the national amounts the CNOM fixed for it (the scale), the addressee's
amount after exemption and the exemption's reason, the deadline of 31 March, how to pay (card in the espace
médecin, cheque, transfer quoting the structured RF reference, exceptionally cash), the hardship exemption open on
request, the trésorier's signature. The contexts are built here from the selectors, in a bounded number of queries
for any number of letters: the print run renders a chunk of letters as ONE HTML document (`appels_lot_pdf`), with
the font configuration and image cache its worker process keeps (`ressources_du_processus`).
"""

import datetime
import os
import re

from django.conf import settings
from django.template.loader import render_to_string

from config.pdf import html_en_pdf, rendre_pdf
from tableau.models import Sexe

from . import selectors
from .models import Bareme, Cotisation, MotifExoneration, Paiement

ECHEANCE = (3, 31)  # the dues are paid by 31 March of the year (annexes I and II)


def nom_appel(cotisation: Cotisation) -> str:
    return f"appel-cotisation-{cotisation.annee}-{cotisation.reference}.pdf"


def nom_recu(paiement: Paiement) -> str:
    return f"recu-{paiement.numero_recu}.pdf"


# --- context ---------------------------------------------------------------------------------------------------


def _nom_medecin(medecin) -> str:
    return f"{'Docteure' if medecin.sexe == Sexe.F else 'Docteur'} {medecin.prenom} {medecin.nom.upper()}"


def _lignes_adresse(adresse: str, code_postal: str, ville: str) -> list[str]:
    lignes = [ligne.strip() for ligne in (adresse or "").splitlines() if ligne.strip()]
    commune = f"{code_postal} {ville.upper()}".strip()
    return lignes + ([commune] if commune else [])


def destinataire(cotisation: Cotisation) -> dict:
    """Whom the letter goes to: a doctor at his correspondence address (else his professional one); a company at
    its registered office, to its manager's attention."""
    if cotisation.medecin_id:
        m = cotisation.medecin
        if m.adresse_correspondance or m.code_postal_correspondance:
            adresse = _lignes_adresse(m.adresse_correspondance, m.code_postal_correspondance, m.ville_correspondance)
        else:
            adresse = _lignes_adresse(m.adresse_professionnelle, m.code_postal_professionnel, m.ville_professionnelle)
        return {
            "nom": _nom_medecin(m),
            "attention": "",
            "adresse": adresse,
            "salutation": "Chère Consœur" if m.sexe == Sexe.F else "Cher Confrère",
        }
    s = cotisation.societe
    return {
        "nom": s.raison_sociale,
        "attention": f"À l'attention de {_nom_medecin(s.gerant)}, gérant" if s.gerant_id else "À l'attention du gérant",
        "adresse": _lignes_adresse(s.adresse, s.code_postal, s.ville),
        "salutation": "Cher Confrère",
    }


def signataire(membre) -> str:
    if membre is None:
        return "Le trésorier"
    return f"Dr {membre.medecin.prenom} {membre.medecin.nom.upper()}, trésorier"


def _exoneration(cotisation: Cotisation) -> dict | None:
    if not cotisation.exoneration_motif:
        return None
    return {
        "motif": re.sub(
            r"\s*\((?:50 %|exonération totale)\)$", "", MotifExoneration(cotisation.exoneration_motif).label
        ),
        "taux": cotisation.exoneration_taux,
        "montant": cotisation.montant_bareme - cotisation.montant_du,
    }


def contexte_appel(cotisation: Cotisation, *, bareme: Bareme | None, tresorier, compte=None) -> dict:
    """What one call prints (no query: the scale and the trésorier are given)."""
    echeance = datetime.date(cotisation.annee, *ECHEANCE)
    return {
        "cotisation": cotisation,
        "societe": cotisation.societe_id is not None,
        "destinataire": destinataire(cotisation),
        "date": cotisation.appelee_le,
        "bareme": bareme,
        "exoneration": _exoneration(cotisation),
        "a_payer": cotisation.montant_du > 0,
        "echeance": echeance,
        "apres_echeance": cotisation.appelee_le > echeance,
        # The council's account as the treasurer entered it (Comptes bancaires); none while it is still the demo's.
        "iban": compte.iban if compte else "",
        "bic": compte.bic if compte else "",
        "signataire": signataire(tresorier),
    }


def contextes_appels(cotisations: list[Cotisation]) -> list[dict]:
    """The contexts of many calls: one query for the scales, one for the council's account, one (or two) per date of
    call for the trésorier."""
    baremes = selectors.baremes_des_annees(c.annee for c in cotisations)
    tresoriers = {}
    for c in cotisations:
        if c.appelee_le not in tresoriers:
            tresoriers[c.appelee_le] = selectors.tresorier_le(c.appelee_le)
    compte = selectors.compte_du_conseil()
    return [
        contexte_appel(c, bareme=baremes.get(c.annee), tresorier=tresoriers[c.appelee_le], compte=compte)
        for c in cotisations
    ]


def contexte_recu(paiement: Paiement) -> dict:
    cotisation = paiement.cotisation
    annulation = getattr(paiement, "contre_passation", None)
    return {
        "paiement": paiement,
        "cotisation": cotisation,
        "destinataire": destinataire(cotisation),
        "mode": paiement.get_mode_display().lower(),
        "annulation": annulation,
        "signataire": signataire(selectors.tresorier_le(paiement.date)),
    }


# --- PDF -------------------------------------------------------------------------------------------------------


def appel_pdf(cotisation: Cotisation) -> bytes:
    (lettre,) = contextes_appels([cotisation])
    return rendre_pdf("pdf/cotisations/appel.html", {"lettre": lettre, "cotisation": cotisation})


def recu_pdf(paiement: Paiement) -> bytes:
    return rendre_pdf("pdf/cotisations/recu.html", contexte_recu(paiement))


def appels_html(cotisations: list[Cotisation]) -> str:
    """One HTML document of many calls, each letter on its own page (the print run's chunk; the bench's letter)."""
    return render_to_string(
        "pdf/cotisations/appels.html", {"CDOM_NOM": settings.CDOM_NOM, "lettres": contextes_appels(cotisations)}
    )


_RESSOURCES: dict[int, tuple] = {}


def ressources_du_processus() -> tuple:
    """(FontConfiguration, image cache) of this process, made once and kept for every chunk it renders (keyed by
    the pid: a prefork worker child makes its own rather than inheriting its parent's)."""
    pid = os.getpid()
    if pid not in _RESSOURCES:
        from weasyprint.text.fonts import FontConfiguration

        _RESSOURCES.clear()
        _RESSOURCES[pid] = (FontConfiguration(), {})
    return _RESSOURCES[pid]


def appels_lot_pdf(cotisation_ids: list[int]) -> bytes:
    """The calls `cotisation_ids`, in that order, as one PDF (one page per letter)."""
    font_config, cache = ressources_du_processus()
    html = appels_html(selectors.cotisations_pour_lettres(cotisation_ids))
    return html_en_pdf(html, font_config=font_config, cache=cache)
