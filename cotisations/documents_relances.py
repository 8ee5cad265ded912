"""The reminder calendar's letters as PDF (templates/pdf/cotisations/rappel.html, lrar1.html, lrar2.html,
injonction.html): one PDF per letter, or all the letters of a step and date in one print-ready PDF (the registered
letters always go on paper). Context from the database, rendered by WeasyPrint (config.pdf)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from config.pdf import rendre_pdf

from .models import Bareme, EtapeRelance, Relance

GABARITS = {
    EtapeRelance.RAPPEL: "pdf/cotisations/rappel.html",
    EtapeRelance.LRAR1: "pdf/cotisations/lrar1.html",
    EtapeRelance.LRAR2: "pdf/cotisations/lrar2.html",
    EtapeRelance.INJONCTION: "pdf/cotisations/injonction.html",
}


@dataclass
class Redevable:
    nom: str
    adresse: str
    code_postal: str
    ville: str
    naissance: datetime.date | None
    lieu_naissance: str
    personne: bool
    identifiant: str


def redevable(cotisation) -> Redevable:
    if cotisation.medecin_id:
        m = cotisation.medecin
        correspondance = bool(m.adresse_correspondance)
        return Redevable(
            nom=f"Docteur {m.prenom} {m.nom}",
            adresse=m.adresse_correspondance if correspondance else m.adresse_professionnelle,
            code_postal=m.code_postal_correspondance if correspondance else m.code_postal_professionnel,
            ville=m.ville_correspondance if correspondance else m.ville_professionnelle,
            naissance=m.date_naissance,
            lieu_naissance=m.lieu_naissance,
            personne=True,
            identifiant=f"RPPS {m.rpps}",
        )
    s = cotisation.societe
    return Redevable(
        nom=f"{s.raison_sociale} ({s.get_forme_display()})",
        adresse=s.adresse,
        code_postal=s.code_postal,
        ville=s.ville,
        naissance=None,
        lieu_naissance="",
        personne=False,
        identifiant=f"SIREN {s.siren}" if s.siren else "",
    )


def _lettres_de(cotisation) -> dict:
    return {r.etape: r for r in cotisation.relances.all()}


ORDRE = [EtapeRelance.RAPPEL, EtapeRelance.LRAR1, EtapeRelance.LRAR2, EtapeRelance.INJONCTION]


def contexte_lettre(relance: Relance, baremes: dict | None = None) -> dict:
    """What one letter prints, as it stood on the letter's date (a reprint shows the same figures): the addressee,
    the dues' breakdown, the postage claimed by the registered letters up to this one, the payments made by then,
    the balance, the RF reference, and the earlier letters."""
    cotisation = relance.cotisation
    lettres = _lettres_de(cotisation)
    bareme = (baremes or {}).get(cotisation.annee) or Bareme.objects.filter(annee=cotisation.annee).first()
    rang = ORDRE.index(relance.etape)
    frais_lettres = [
        lettres[e]
        for e in (EtapeRelance.LRAR1, EtapeRelance.LRAR2)
        if e in lettres and ORDRE.index(e) <= rang and lettres[e].frais
    ]
    frais = sum((lettre.frais for lettre in frais_lettres), Decimal("0.00"))
    paye = sum((p.montant for p in cotisation.paiements.all() if p.date <= relance.date), Decimal("0.00"))
    principal = max(Decimal("0.00"), cotisation.montant_du - paye)
    solde = cotisation.montant_du + frais - paye
    contexte = {
        "relance": relance,
        "cotisation": cotisation,
        "redevable": redevable(cotisation),
        "bareme": bareme,
        "rappel": lettres.get(EtapeRelance.RAPPEL),
        "lrar1": lettres.get(EtapeRelance.LRAR1),
        "lrar2": lettres.get(EtapeRelance.LRAR2),
        "frais_lettres": frais_lettres,
        "exoneration": cotisation.montant_bareme - cotisation.montant_du,
        "paye": paye,
        "principal": principal,
        "frais": solde - principal,
        "solde": solde,
        "echeance": datetime.date(cotisation.annee, 3, 31),
    }
    if relance.etape == EtapeRelance.INJONCTION:
        contexte["total_requete"] = solde + relance.interets
    return contexte


def _relances(qs):
    return qs.select_related("cotisation__medecin", "cotisation__societe", "deliberation__seance").prefetch_related(
        "cotisation__relances", "cotisation__paiements"
    )


def _rendre(etape: str, relances: list[Relance]) -> bytes:
    annees = {r.cotisation.annee for r in relances}
    baremes = {b.annee: b for b in Bareme.objects.filter(annee__in=annees)}
    return rendre_pdf(
        GABARITS[etape],
        {
            "lettres": [contexte_lettre(r, baremes) for r in relances],
            "CDOM_ADRESSE": settings.CDOM_ADRESSE,
            "CDOM_TRIBUNAL": settings.CDOM_TRIBUNAL,
            "president": _president(relances),
        },
    )


def _president(relances: list[Relance]):
    from gouvernance.models import TypeFonction
    from gouvernance.selectors.fonctions import fonction_titulaire

    if not relances:
        return None
    membre = fonction_titulaire(fonction=TypeFonction.PRESIDENT, date=relances[0].date)
    return membre.medecin if membre is not None else None


def relance_pdf(relance: Relance) -> bytes:
    relance = _relances(Relance.objects.filter(pk=relance.pk)).get()
    return _rendre(relance.etape, [relance])


def relances_pdf(*, etape: str, date: datetime.date | None = None, ids=None) -> bytes:
    """All the letters of `etape` sent on `date` (or those of `ids`), one after the other, to print."""
    qs = Relance.objects.filter(etape=etape)
    if date is not None:
        qs = qs.filter(date=date)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    relances = list(_relances(qs).order_by("cotisation__reference", "pk"))
    return _rendre(etape, relances)


def nom_relance(relance: Relance) -> str:
    return f"{relance.etape}-{relance.cotisation.annee}-{relance.cotisation.reference}.pdf"


def nom_relances(etape: str, date: datetime.date | None) -> str:
    return f"{etape}-{date.isoformat() if date else 'selection'}.pdf"
