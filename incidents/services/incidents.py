"""Declaring a violence incident (seed 001: the safety observatory), and logging the reads of a list."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from commun.models import JournalAcces, NatureEnvoi
from commun.periodes import couvre_q
from commun.services import enregistrer, envois_programmer
from config.perms import exiger
from gouvernance.models import NatureCommission, RoleCommission, SiegeCommission
from incidents import tasks
from incidents.models import AuteurIncident, Incident, LieuIncident, TypeIncident


def _referents_securite(date: datetime.date) -> list[str]:
    """The e-mail of the référent sécurité of the vigilance commission on the date (seed 002 L.I T.II 5.1.2)."""
    sieges = SiegeCommission.objects.filter(
        couvre_q(date),
        role=RoleCommission.REFERENT_SECURITE,
        commission__nature=NatureCommission.VIGILANCE,
    ).filter(couvre_q(date, "commission__"), couvre_q(date, "membre__"))
    return [e for e in sieges.values_list("membre__medecin__email", flat=True) if e]


def _personnel() -> list[str]:
    """The service's mailbox and the staff who may read the declarations (their group's permission)."""
    User = get_user_model()
    staff = (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=False)
            & (
                Q(
                    groups__permissions__codename="view_incident",
                    groups__permissions__content_type__app_label="incidents",
                )
                | Q(user_permissions__codename="view_incident")
            )
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return [settings.CDOM_EMAIL_SECURITE, *staff]


def incident_declarer(
    *,
    medecin,
    date: datetime.date,
    commune: str,
    lieu: str,
    types: list[str],
    auteur: str,
    plainte_deposee: bool = False,
    main_courante: bool = False,
    description: str,
    par,
    today: datetime.date,
) -> Incident:
    """Record a declaration; the référent sécurité and the staff are told by e-mail (without the account: they
    read it in the back-office, where the read is logged)."""
    propre = getattr(par, "medecin", None)
    if propre is not None and not par.is_staff:
        medecin = propre  # a doctor declares for himself, whatever the body says
    else:
        exiger(par, "incidents.incident_declarer", date=today)
    erreurs = {}
    if date is None:
        erreurs["date"] = ["Indiquez la date des faits."]
    elif date > today:
        erreurs["date"] = [
            f"La date des faits ({date:%d/%m/%Y}) est dans le futur : indiquez le jour où ils se sont produits."
        ]
    if not (commune or "").strip():
        erreurs["commune"] = ["Indiquez la commune où les faits se sont produits."]
    if lieu not in LieuIncident.values:
        erreurs["lieu"] = ["Choisissez le lieu dans la liste : " + ", ".join(LieuIncident.values) + "."]
    inconnus = [t for t in types or [] if t not in TypeIncident.values]
    if not types:
        erreurs["types"] = ["Choisissez au moins un type de violence."]
    elif inconnus:
        erreurs["types"] = [
            f"Type inconnu : {', '.join(map(str, inconnus))}. Choisissez parmi : {', '.join(TypeIncident.values)}."
        ]
    if auteur not in AuteurIncident.values:
        erreurs["auteur"] = ["Choisissez l'auteur dans la liste : " + ", ".join(AuteurIncident.values) + "."]
    if not (description or "").strip():
        erreurs["description"] = ["Décrivez les faits en quelques lignes : c'est ce que le référent lira."]
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        incident = Incident(
            declarant=medecin,
            date=date,
            commune=commune.strip(),
            lieu=lieu,
            types=list(dict.fromkeys(types)),
            auteur=auteur,
            plainte_deposee=bool(plainte_deposee),
            main_courante=bool(main_courante),
            description=description.strip(),
            declare_le=today,
            declare_par=par,
        )
        enregistrer(incident, par=par)
        envois_programmer(
            nature=NatureEnvoi.INCIDENT_AVIS,
            objet=incident,
            adresses=[*_referents_securite(today), *_personnel()],
            tache=tasks.incident_avis_envoyer,
            par=par,
        )
    return incident


def lectures_consigner(*, user, incidents, action: str = "incidents.incident_lire") -> None:
    """Log the read of each declaration a list showed in full (one insert, whatever the number of rows); the
    declarant reading his own is logged too (the journal says who read what, not who may)."""
    from config.perms import est_systeme

    if est_systeme(user):
        return
    JournalAcces.consigner_plusieurs(utilisateur=user, action=action, objets=incidents)
