"""The transmission of a complaint to the chambre disciplinaire de première instance (within 3 months of t0,
L4123-2 CSP): after a partial or failed conciliation or an absence, or at once when no conciliation is due (a
public authority, an ordinal body); on the plenary's deliberation, with the council's motivated opinion and
whether it joins the complaint. A late transmission is recorded and flagged, never refused.

A member linked to a party steps aside and does not vote (DOMAIN.md 5; seed 002 L.I 4.5): every such member who
signed the attendance register of the deliberation's session must be among its non-participants."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer
from conciliation import selectors
from conciliation.models import ISSUES_A_TRANSMETTRE, NaturePlainte, Plainte, ProcesVerbal, StatutPlainte
from config.perms import exiger

from . import courriers
from .plaintes import _verrouiller, passer


def _deliberation(plainte: Plainte, deliberation_id, today: datetime.date):
    from gouvernance.models import TYPES_PLENIERS, Deliberation

    deliberation = (
        Deliberation.objects.select_related("seance").filter(pk=deliberation_id).first()
        if str(deliberation_id or "").isdigit()
        else None
    )
    if deliberation is None:
        raise ValidationError(
            {"deliberation": ["Indiquez la délibération de la séance plénière qui décide la transmission."]}
        )
    seance = deliberation.seance
    if seance.type not in TYPES_PLENIERS:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération n° {deliberation.numero} a été prise en « {seance.get_type_display()} » : la "
                    "transmission est décidée par le conseil en séance plénière."
                ]
            }
        )
    if not deliberation.adoptee:
        raise ValidationError(
            {"deliberation": [f"La délibération n° {deliberation.numero} n'a pas été adoptée : rien à transmettre."]}
        )
    if seance.date < plainte.date_enregistrement or seance.date > today:
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération n° {deliberation.numero} du {seance.date:%d/%m/%Y} ne peut pas décider de "
                    f"cette plainte, enregistrée le {plainte.date_enregistrement:%d/%m/%Y}."
                ]
            }
        )
    from gouvernance import selectors as gouvernance

    lies = selectors.membres_lies(plainte)
    # Who could vote at the time of the vote: signed the register, with a deliberative voice, not gone yet.
    presents = set(gouvernance.votants_de(seance=seance, heure=deliberation.heure)) & set(lies)
    sortis = set(deliberation.non_participants.filter(pk__in=presents).values_list("pk", flat=True))
    votants_lies = presents - sortis
    if votants_lies:
        from gouvernance.models import Membre

        noms = [
            f"Dr {m.medecin.nom_complet} ({lies[m.pk]})"
            for m in Membre.objects.filter(pk__in=votants_lies).select_related("medecin").order_by("medecin__nom")
        ]
        raise ValidationError(
            {
                "deliberation": [
                    f"La délibération n° {deliberation.numero} ne mentionne pas parmi ceux qui n'ont pas pris part au "
                    f"vote les membres liés à une partie présents à la séance : {', '.join(noms)}. Un membre lié à une "
                    "partie se retire et ne vote pas ; corrigez la délibération."
                ]
            }
        )
    return deliberation


def _avis(avis: str) -> str:
    from gouvernance.services import motivation_valider

    try:
        return motivation_valider(avis)
    except ValidationError as exc:
        messages = [m for ms in exc.message_dict.values() for m in ms]
        raise ValidationError(
            {"avis": [m.replace("la décision", "l'avis").replace("une décision", "un avis") for m in messages]}
        ) from None


def plainte_transmettre(
    *,
    plainte_id: int,
    deliberation_id,
    avis: str,
    conseil_se_joint: bool = False,
    date_transmission: datetime.date | None = None,
    par,
    today: datetime.date,
) -> Plainte:
    """`date_transmission` (default `today`): the day the file actually left, so that a transmission made earlier
    is recorded truthfully — never in the future, never before the session of the deliberation that decided it;
    `transmission_hors_delai` is judged on it."""
    date_transmission = date_transmission or today
    with transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.plainte_transmettre", objet=plainte, date=today)
        if plainte.nature != NaturePlainte.PLAINTE:
            raise ValidationError(
                {
                    "detail": [
                        f"Le dossier {plainte.numero} est une {plainte.get_nature_display().lower()} : requalifiez-la "
                        "en plainte avant toute transmission."
                    ]
                }
            )
        tentee = ProcesVerbal.objects.filter(reunion__plainte=plainte, issue__in=ISSUES_A_TRANSMETTRE).exists()
        if not (plainte.statut == StatutPlainte.A_TRANSMETTRE and tentee) and not (
            plainte.sans_conciliation and plainte.statut == StatutPlainte.ENREGISTREE
        ):
            raise ValidationError(
                {
                    "detail": [
                        "La plainte ne peut être transmise qu'après une tentative de conciliation : il faut le "
                        "procès-verbal d'une conciliation partielle, d'un échec ou de l'absence d'une partie (sauf "
                        "plainte d'une autorité publique ou d'une instance ordinale, transmise sans conciliation)."
                    ]
                }
            )
        valeurs, erreurs = {}, {}
        for champ, verifier in (
            ("deliberation", lambda: _deliberation(plainte, deliberation_id, today)),
            ("avis", lambda: _avis(avis)),
        ):
            try:
                valeurs[champ] = verifier()
            except ValidationError as exc:
                erreurs.update(exc.message_dict)
        if date_transmission > today:
            erreurs["date_transmission"] = [
                f"La date de transmission ({date_transmission:%d/%m/%Y}) ne peut pas être dans le futur : indiquez "
                "le jour où le dossier est parti."
            ]
        elif "deliberation" in valeurs and date_transmission < valeurs["deliberation"].seance.date:
            seance = valeurs["deliberation"].seance
            erreurs["date_transmission"] = [
                f"La date de transmission ({date_transmission:%d/%m/%Y}) précède la séance du {seance.date:%d/%m/%Y} "
                "qui l'a décidée : indiquez une date à partir de cette séance."
            ]
        if erreurs:
            raise ValidationError(erreurs)
        passer(plainte, StatutPlainte.TRANSMISE)
        plainte.deliberation = valeurs["deliberation"]
        plainte.avis = valeurs["avis"]
        plainte.conseil_se_joint = bool(conseil_se_joint)
        plainte.date_transmission = date_transmission
        plainte.transmission_hors_delai = date_transmission > plainte.echeance_transmission
        enregistrer(
            plainte,
            par=par,
            update_fields=[
                "statut",
                "deliberation",
                "avis",
                "conseil_se_joint",
                "date_transmission",
                "transmission_hors_delai",
            ],
        )
        courriers.courriers_transmission(plainte, par=par, today=today)
    return plainte
