"""Demo data of the dues, for `python manage.py demo` (docs/nouvelle-app.md §7): the current year's dues called for
the demo tableau (its scale was loaded by migration 0002), payments of every mode spread over the months since the
call (some partial, one cancelled by its counter-entry), and an exemption for insufficient resources decided by a
plenary deliberation held through gouvernance's services, so that the treasurer's dashboard and the unpaid-dues
statement show something.

Everything goes through the services, as the system user. Idempotent: the call adds only the debtors without a
record; the exemption and the payments are made once (nothing is done when the year already has them).
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from gouvernance import services as gouvernance
from gouvernance.models import Membre
from gouvernance.selectors import membres_en_fonction

from . import services
from .models import Bareme, Cotisation, ModePaiement, MotifExoneration, Paiement, StatutCotisation

# The first dues records in order get the payments (enough for a chart, few enough for a quick demo).
PAYES_AU_PLUS = 400
MODES = (ModePaiement.CHEQUE, ModePaiement.VIREMENT, ModePaiement.CB, ModePaiement.CHEQUE, ModePaiement.ESPECES)


@dataclass
class ResultatCotisations:
    annee: int = 0
    appel: dict = field(default_factory=dict)  # {"creees", "existantes"} of the call
    paiements: int = 0
    annulations: int = 0
    exoneration: str = ""  # the deliberation's number, when one was recorded by this run
    absent: str = ""  # why nothing was done (no scale for the year)
    banque: dict = field(default_factory=dict)  # the demo statement's import (cotisations.demo_banque)
    relances: dict = field(default_factory=dict)  # the reminder calendar run for today


def demo_cotisations(*, today: datetime.date, par) -> ResultatCotisations:
    annee = today.year
    resultat = ResultatCotisations(annee=annee)
    if not Bareme.objects.filter(annee=annee).exists():
        resultat.absent = f"aucun barème {annee} : saisissez-le dans le back-office, puis relancez la commande"
        return resultat
    jour_appel = min(today, datetime.date(annee, 1, 15))
    resultat.appel = services.cotisations_appeler(annee=annee, today=jour_appel, par=par)
    resultat.exoneration = _exoneration(annee=annee, today=today, jour_appel=jour_appel, par=par)
    _paiements(annee=annee, today=today, jour_appel=jour_appel, par=par, resultat=resultat)
    return resultat


def _exoneration(*, annee, today, jour_appel, par) -> str:
    """A plenary held a fortnight ago (or on the day of the call, early in January) grants a doctor who is not on the
    council an exemption of 50 % for insufficient resources; the dues record cites its deliberation."""
    if Cotisation.objects.filter(annee=annee, exoneration_motif=MotifExoneration.INSUFFISANCE_RESSOURCES).exists():
        return ""
    jour = max(jour_appel, today - datetime.timedelta(days=14))
    titulaires = list(membres_en_fonction(date=jour, qualite="titulaire").select_related("medecin")[:12])
    elus = Membre.objects.values("medecin_id")
    cotisation = (
        Cotisation.objects.filter(
            annee=annee,
            statut=StatutCotisation.DUE,
            categorie="plein",
            medecin__isnull=False,
            exoneration_taux__isnull=True,
        )
        .exclude(medecin__in=elus)
        .order_by("-id")
        .select_related("medecin")
        .first()
    )
    if len(titulaires) < 9 or cotisation is None:
        return ""  # no council (a tiny demo): no plenary to decide it
    seance = gouvernance.seance_creer(
        date=jour,
        heure=datetime.time(20, 30),
        lieu="Siège du conseil",
        ordre_du_jour=["Demandes d'exonération de cotisation pour insuffisance de ressources"],
        par=par,
    )
    for membre in titulaires:
        gouvernance.emargement_enregistrer(seance=seance, membre=membre, heure_arrivee=datetime.time(20, 30), par=par)
    gouvernance.seance_ouvrir(seance=seance, par=par)
    deliberation = gouvernance.deliberation_enregistrer(
        seance=seance,
        objet=f"Exonération de 50 % de la cotisation {annee} d'un médecin pour insuffisance de ressources",
        motivation="Les avis d'imposition et les relevés produits établissent des revenus de l'année précédente "
        "très inférieurs au revenu médian de la profession, à la suite d'un arrêt prolongé de l'activité ; le "
        "conseil accorde une exonération de moitié, au cas par cas (cotisations, exonération pour insuffisance de "
        "ressources décidée en séance plénière).",
        pour=len(titulaires),
        contre=0,
        individuelle=True,
        medecin_concerne=cotisation.medecin,
        par=par,
    )
    gouvernance.seance_clore(seance=seance, par=par)
    services.exoneration_accorder(
        cotisation=cotisation,
        motif=MotifExoneration.INSUFFISANCE_RESSOURCES,
        taux=50,
        deliberation=deliberation,
        par=par,
        today=today,
    )
    return deliberation.numero


def _paiements(*, annee, today, jour_appel, par, resultat: ResultatCotisations) -> None:
    """Of the first PAYES_AU_PLUS records due: six in ten paid in full, one in ten half paid, the rest unpaid; the
    dates spread from the call to today, most in the first months (as dues are paid); the first cheque is
    cancelled (returned unpaid), its record due again."""
    if Paiement.objects.filter(cotisation__annee=annee).exists():
        return
    hasard = random.Random(annee)
    jours = (today - jour_appel).days
    dues = Cotisation.objects.filter(annee=annee, statut=StatutCotisation.DUE).order_by("id")[:PAYES_AU_PLUS]
    premier_cheque = None
    for rang, cotisation in enumerate(dues):
        part = rang % 10
        if part >= 7:
            continue
        montant = cotisation.solde
        if part == 6:
            montant = (montant / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        date = jour_appel + datetime.timedelta(days=int(hasard.betavariate(1.3, 3.0) * jours))
        paiement = services.paiement_enregistrer(
            cotisation=cotisation, montant=montant, mode=MODES[rang % len(MODES)], date=date, par=par
        )
        resultat.paiements += 1
        if premier_cheque is None and paiement.mode == ModePaiement.CHEQUE:
            premier_cheque = paiement
    if premier_cheque is not None:
        services.paiement_annuler(
            paiement=premier_cheque,
            motif="Chèque revenu impayé (provision insuffisante)",
            par=par,
            today=min(today, premier_cheque.date + datetime.timedelta(days=10)),
        )
        resultat.annulations += 1
