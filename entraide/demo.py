"""The entraide's part of `python manage.py demo` (docs/nouvelle-app.md §7), built through the services.

The demo council's entraide commission (gouvernance.demo: the président and the secrétaire général by right, the
délégué à l'entraide, an elected member; one is created here with a délégué if gouvernance's demo has none), and
two requests filed by the secretariat (entraide.services.demande_deposer):
- one with a secours of 1 200 € decided by the secrétaire général, who is the ordonnateur: engaged at once on the
  entraide line 6571 of this year's budget (tresorerie.demo's budget), reported to the commission nationale;
- one transmitted to the commission nationale by the délégué with the council's motivated opinion, after an
  orientation towards the CARMF.
Idempotent: the two requests are those of two given doctors; a second run finds them and adds nothing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from .models import Demande

SITUATION_SECOURS = (
    "Médecin généraliste installé seul, arrêté trois mois après une fracture : le cabinet est fermé, le loyer et les "
    "charges sociales courent sans recette ; la prévoyance ne versera ses indemnités qu'après la franchise."
)
SITUATION_CNOM = (
    "Liquidation judiciaire de la SEL après la perte du contrat de la clinique ; dettes fiscales et sociales de "
    "38 000 €, conjoint sans revenu, deux enfants étudiants."
)
MOTIVATION_SECOURS = (
    "La fermeture du cabinet pendant l'arrêt prive le médecin de toute recette alors que le loyer professionnel "
    "(1 200 € par mois) reste dû : un secours couvre le loyer du mois en attendant les indemnités de la prévoyance."
)
MOTIVATION_ORIENTATION = (
    "Le médecin relève du régime invalidité-décès de la CARMF pour la période d'incapacité : la commission l'oriente "
    "vers elle pour les indemnités journalières, sans attendre la décision nationale."
)
AVIS = (
    "Les dettes (38 000 €) dépassent de loin la ligne d'entraide du conseil, qui ne peut accorder qu'un secours "
    "ponctuel ; la situation familiale est documentée par les avis d'imposition et le jugement de liquidation. Le "
    "conseil propose une aide de la commission nationale pour apurer les dettes sociales."
)
AIDE_PROPOSEE = "Aide exceptionnelle de 8 000 € de la commission nationale d'entraide, en deux versements."


def _commission(today, par):
    """The demo council's entraide commission on `today`, with its délégué (created if gouvernance's has none)."""
    from commun.periodes import couvre_q
    from gouvernance import services as gouvernance
    from gouvernance.models import Commission, Membre, NatureCommission, RoleCommission, SiegeCommission

    commission = Commission.objects.filter(couvre_q(today), nature=NatureCommission.ENTRAIDE).first()
    if commission is None:
        commission = gouvernance.commission_creer(nature="entraide", date_debut=today, par=par)
    siege = (
        SiegeCommission.objects.filter(couvre_q(today), commission=commission, role=RoleCommission.DELEGUE_ENTRAIDE)
        .select_related("membre__medecin")
        .first()
    )
    if siege is None:
        membre = Membre.objects.filter(couvre_q(today), qualite="titulaire").order_by("id").last()
        if membre is None:
            return commission, None
        siege = gouvernance.commission_membre_elire(
            commission=commission, membre=membre, role="delegue_entraide", date_debut=today, par=par
        )
    return commission, siege.membre


def _login(medecin):
    from commun.services import utilisateur_systeme
    from tableau.demo import MOT_DE_PASSE_MEDECIN
    from tableau.services import compte_medecin_creer

    if medecin.user_id is None:
        compte_medecin_creer(rpps=medecin.rpps, password=MOT_DE_PASSE_MEDECIN, par=utilisateur_systeme())
        medecin.refresh_from_db()
    return medecin.user


def demo_entraide(*, today: datetime.date, par) -> list[str]:
    from gouvernance import selectors as gouvernance
    from gouvernance.models import Membre, TypeFonction
    from tableau.models import Medecin

    from . import services

    secretaire = gouvernance.fonction_titulaire(fonction=TypeFonction.SECRETAIRE_GENERAL, date=today)
    if secretaire is None:
        return ["Entraide : pas de conseil de démonstration (ni secrétaire général, ni commission d'entraide)."]
    _commission_entraide, delegue = _commission(today, par)
    if delegue is None:
        return ["Entraide : pas de délégué à l'entraide à désigner (aucun membre titulaire)."]
    elus = Membre.objects.values_list("medecin_id", flat=True)
    demandeurs = list(Medecin.objects.filter(statut="inscrit").exclude(pk__in=elus).order_by("rpps")[:2])
    if len(demandeurs) < 2:
        return ["Entraide : pas assez de médecins de démonstration pour deux demandes."]
    lignes = [
        f"Entraide : délégué à l'entraide Dr {delegue.medecin.nom_complet} (identifiant {_login(delegue.medecin).username}"
        ", mot de passe des médecins de démonstration) ; lignes d'écoute sur /entraide/ et l'espace médecin."
    ]
    if Demande.objects.filter(medecin__in=demandeurs).exists():
        return [*lignes, "Entraide : les deux demandes de démonstration sont déjà en place."]

    debut = today - datetime.timedelta(days=20)
    sg_user = _login(secretaire.medecin)
    premiere = services.demande_deposer(
        medecin=demandeurs[0],
        natures=["financiere"],
        situation=SITUATION_SECOURS,
        questionnaire={
            "situation_familiale": "celibataire",
            "charges_mensuelles": "1200",
            "charges_detail": "1 200 € de loyer professionnel",
        },
        date_depot=debut,
        par=par,
        today=today,
    )
    try:
        aide = services.aide_decider(
            demande=premiere,
            type="secours",
            montant=Decimal("1200.00"),
            date=today,
            motivation=MOTIVATION_SECOURS,
            par=sg_user,
            today=today,
        )
        secours = (
            f"secours de 1 200 € engagé sur la ligne 6571 (engagement {aide.engagement.numero})"
            if aide.engagement
            else "secours de 1 200 € à engager par l'ordonnateur"
        )
    except ValidationError as exc:
        secours = f"secours non accordé ({' '.join(exc.messages)})"
    seconde = services.demande_deposer(
        medecin=demandeurs[1],
        natures=["procedure_collective", "financiere"],
        situation=SITUATION_CNOM,
        questionnaire={
            "situation_familiale": "marie_pacse",
            "enfants_a_charge": "2",
            "dettes_montant": "21000",
            "creanciers": "URSSAF : 21 000 €",
            "procedure": "redressement",
        },
        date_depot=debut,
        par=par,
        today=today,
    )
    delegue_user = _login(delegue.medecin)
    services.aide_decider(
        demande=seconde,
        type="orientation",
        organisme="CARMF",
        date=today,
        motivation=MOTIVATION_ORIENTATION,
        par=delegue_user,
        today=today,
    )
    services.demande_transmettre(demande=seconde, avis=AVIS, aide_proposee=AIDE_PROPOSEE, par=delegue_user, today=today)
    lignes.append(
        f"Entraide : demande {premiere.numero} avec un {secours} ; demande {seconde.numero} orientée vers la CARMF "
        "et transmise à la commission nationale d'entraide (dossier PDF : /api/entraide/demandes/"
        f"{seconde.pk}/dossier-cnom.pdf)."
    )
    return lignes
