"""Volunteers (issue 13 point 2; seed 004): the application, its explicit states with their log, the dated checks
of the register, the validation (the activity on the doctor's record, the e-mail to the council of each wished
place in another department), the idempotent import of the national form's export."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from simple_history.utils import bulk_create_with_history

from commun.models import NatureEnvoi
from commun.services import enregistrer, envois_programmer, utilisateur_systeme, verrouiller
from config.perms import exiger
from tableau.models import Activite, Medecin, Statut
from tableau.services import fiche_liee_enregistrer

from .. import tasks
from ..models import (
    AVEC_MOTIF,
    EXERCICES_ADMIS,
    STATUTS_CLOS,
    TRANSITIONS_VOLONTAIRE,
    ChangementStatutVolontaire,
    ConseilDepartemental,
    Critere,
    Lieu,
    Occasion,
    StatutVolontaire,
    Verification,
    Volontaire,
    nouveau_jeton,
)

# Statuses of the register that bar a doctor from practising here.
STATUTS_EMPECHES = {
    Statut.RADIE: "radié",
    Statut.DECEDE: "décédé",
    Statut.TRANSFERE: "transféré",
    Statut.REFUSE: "refusé",
}


@dataclass(frozen=True)
class Controle:
    critere: str
    conforme: bool
    constat: str


def restrictions_en_vigueur(medecin: Medecin, jour: datetime.date) -> list:
    """The bars to practice of the doctor's file in force on `jour` (tableau.RestrictionExercice; prefetched
    `restrictions` read without a query)."""
    return [r for r in medecin.restrictions.all() if r.couvre(jour)]


def _sans_interdiction(medecin: Medecin, today: datetime.date) -> Controle:
    """No bar to practice: neither a status that ends practice (struck off, dead, gone, refused) nor a ban or a
    suspension in force on the file that day, though the doctor is still registered."""
    if medecin.statut in STATUTS_EMPECHES:
        return Controle(
            Critere.SANS_INTERDICTION,
            False,
            f"Le médecin ne peut pas exercer : il est {STATUTS_EMPECHES[medecin.statut]}.",
        )
    en_vigueur = restrictions_en_vigueur(medecin, today)
    if en_vigueur:
        return Controle(
            Critere.SANS_INTERDICTION,
            False,
            "Le médecin ne peut pas exercer : "
            + " ; ".join(
                r.en_clair() + (f" ({r.portee})" if r.portee else "") + f", décision : {r.decision}" for r in en_vigueur
            )
            + ".",
        )
    return Controle(
        Critere.SANS_INTERDICTION,
        True,
        f"Aucun empêchement d'exercer au tableau le {today:%d/%m/%Y} (ni radiation ni interdiction ou suspension "
        "en vigueur).",
    )


def controler(medecin: Medecin, *, today: datetime.date) -> list[Controle]:
    """The three checks of the register (seed 004: registration, no bar to practice, an admitted exercise mode), as
    the record stands on `today`. No query beyond the record and its prefetched `restrictions`."""
    statut = medecin.get_statut_display().lower()
    admis = ", ".join(
        str(dict(type(medecin)._meta.get_field("exercice").flatchoices)[e]).lower() for e in EXERCICES_ADMIS
    )
    return [
        Controle(
            Critere.INSCRIT,
            medecin.statut == Statut.INSCRIT,
            f"Statut au tableau : {statut}."
            if medecin.statut == Statut.INSCRIT
            else f"Le médecin n'est pas inscrit au tableau (statut : {statut}).",
        ),
        _sans_interdiction(medecin, today),
        Controle(
            Critere.MODE_EXERCICE,
            medecin.exercice in EXERCICES_ADMIS,
            f"Mode d'exercice : {medecin.get_exercice_display().lower()}."
            if medecin.exercice in EXERCICES_ADMIS
            else f"Le mode d'exercice « {medecin.get_exercice_display().lower()} » n'est pas admis par le pilote "
            f"(admis : {admis}).",
        ),
    ]


def _consigner(volontaire, controles, *, occasion: str, par, today: datetime.date) -> None:
    bulk_create_with_history(
        [
            Verification(
                volontaire=volontaire,
                critere=c.critere,
                conforme=c.conforme,
                constat=c.constat,
                occasion=occasion,
                date=today,
                par=par,
            )
            for c in controles
        ],
        Verification,
        default_user=par,
    )


def controles_export(*, volontaires, par=None, today: datetime.date) -> set[int]:
    """Re-run the checks before an export (a feed, the CSV) and keep their evidence, once a day per volunteer and
    result (a calendar polling its feed does not add a row each time). Returns the ids of the volunteers who no
    longer pass: their days are exported as cancelled."""
    volontaires = {v.pk: v for v in volontaires}
    if not volontaires:
        return set()
    par = par if par is not None and par.is_authenticated else utilisateur_systeme()
    prefetch_related_objects([v.medecin for v in volontaires.values()], "restrictions")
    deja = set(
        Verification.objects.filter(volontaire_id__in=volontaires, date=today, occasion=Occasion.EXPORT).values_list(
            "volontaire_id", "critere", "conforme"
        )
    )
    nouvelles, echecs = [], set()
    for pk, volontaire in volontaires.items():
        for c in controler(volontaire.medecin, today=today):
            if not c.conforme:
                echecs.add(pk)
            if (pk, c.critere, c.conforme) not in deja:
                nouvelles.append(
                    Verification(
                        volontaire_id=pk,
                        critere=c.critere,
                        conforme=c.conforme,
                        constat=c.constat,
                        occasion=Occasion.EXPORT,
                        date=today,
                        par=par,
                    )
                )
    if nouvelles:
        # Two feeds read at the same moment (the booking agenda and a doctor's calendar) would both write the
        # day's evidence: under one lock, what is already written is read again and only the rest is added.
        with transaction.atomic():
            verrouiller("solidarite.controles_export")
            deja = set(
                Verification.objects.filter(
                    volontaire_id__in=volontaires, date=today, occasion=Occasion.EXPORT
                ).values_list("volontaire_id", "critere", "conforme")
            )
            nouvelles = [v for v in nouvelles if (v.volontaire_id, v.critere, v.conforme) not in deja]
            if nouvelles:
                bulk_create_with_history(nouvelles, Verification, default_user=par)
    return echecs


def _changer(volontaire: Volontaire, nouveau: str, *, motif: str = "", par, today: datetime.date) -> Volontaire:
    ancien = volontaire.statut
    if nouveau not in TRANSITIONS_VOLONTAIRE[ancien]:
        raise ValidationError(
            {
                "statut": f"Une candidature « {volontaire.get_statut_display().lower()} » ne peut pas passer à "
                f"« {StatutVolontaire(nouveau).label.lower()} »."
            }
        )
    motif = (motif or "").strip()
    if nouveau in AVEC_MOTIF and not motif:
        raise ValidationError({"motif": "Indiquez le motif : le médecin le lira."})
    volontaire.statut = nouveau
    enregistrer(volontaire, par=par, update_fields=["statut"])
    enregistrer(
        ChangementStatutVolontaire(
            volontaire=volontaire, ancien_statut=ancien, nouveau_statut=nouveau, date=today, motif=motif, par=par
        ),
        par=par,
    )
    return volontaire


def _verrouiller(volontaire: Volontaire) -> Volontaire:
    return Volontaire.objects.select_for_update().select_related("medecin").get(pk=volontaire.pk)


def _lieux_valides(lieux) -> list[Lieu]:
    lieux = list(lieux)
    if not lieux:
        raise ValidationError({"lieux": "Choisissez au moins un lieu de solidarité territoriale."})
    inactifs = [lieu.nom for lieu in lieux if not lieu.actif]
    if inactifs:
        raise ValidationError({"lieux": f"Ce lieu n'accueille plus de volontaires : {', '.join(inactifs)}."})
    return lieux


def volontaire_deposer(
    *,
    medecin: Medecin,
    lieux,
    creneaux_souhaites: str = "",
    lieu_exercice_principal: str = "",
    numero_dossier: str | None = None,
    date_depot: datetime.date | None = None,
    par,
    today: datetime.date,
) -> Volontaire:
    """A doctor volunteers (himself in the espace or the API; staff for him). One open application per doctor."""
    exiger(par, "solidarite.volontaire_deposer", objet=medecin, date=today)
    lieux = _lieux_valides(lieux)
    with transaction.atomic():
        Medecin.objects.select_for_update().filter(pk=medecin.pk).first()
        if Volontaire.objects.filter(medecin=medecin).exclude(statut__in=STATUTS_CLOS).exists():
            raise ValidationError(
                {"medecin": "Ce médecin a déjà une candidature en cours ou validée : modifiez-la plutôt."}
            )
        volontaire = enregistrer(
            Volontaire(
                medecin=medecin,
                creneaux_souhaites=creneaux_souhaites or "",
                lieu_exercice_principal=lieu_exercice_principal or "",
                numero_dossier=numero_dossier or None,
                date_depot=date_depot or today,
            ),
            par=par,
        )
        volontaire.lieux.set(lieux)
        enregistrer(
            ChangementStatutVolontaire(
                volontaire=volontaire, nouveau_statut=StatutVolontaire.DEPOSEE, date=today, par=par
            ),
            par=par,
        )
    return volontaire


def volontaire_corriger(
    *, volontaire: Volontaire, lieux=None, creneaux_souhaites=None, lieu_exercice_principal=None, par, today
) -> Volontaire:
    """The doctor (or staff) corrects the application, while deposited or when a correction was asked; a corrected
    application goes back to verification."""
    with transaction.atomic():
        volontaire = _verrouiller(volontaire)
        exiger(par, "solidarite.volontaire_corriger", objet=volontaire, date=today)
        if lieux is not None:
            volontaire.lieux.set(_lieux_valides(lieux))
        if creneaux_souhaites is not None:
            volontaire.creneaux_souhaites = creneaux_souhaites
        if lieu_exercice_principal is not None:
            volontaire.lieu_exercice_principal = lieu_exercice_principal
        enregistrer(volontaire, par=par)
        if volontaire.statut == StatutVolontaire.CORRECTION_DEMANDEE:
            _changer(volontaire, StatutVolontaire.EN_VERIFICATION, motif="Candidature corrigée.", par=par, today=today)
    return volontaire


def _instruire(volontaire, *, par, today) -> Volontaire:
    """Lock, check the right; a deposited application is first opened for verification (the log says so)."""
    volontaire = _verrouiller(volontaire)
    exiger(par, "solidarite.volontaire_instruire", objet=volontaire, date=today)
    if volontaire.statut == StatutVolontaire.DEPOSEE:
        _changer(volontaire, StatutVolontaire.EN_VERIFICATION, par=par, today=today)
    return volontaire


def volontaire_ouvrir_verification(*, volontaire: Volontaire, par, today: datetime.date) -> Volontaire:
    with transaction.atomic():
        volontaire = _verrouiller(volontaire)
        exiger(par, "solidarite.volontaire_instruire", objet=volontaire, date=today)
        return _changer(volontaire, StatutVolontaire.EN_VERIFICATION, par=par, today=today)


def volontaire_demander_correction(*, volontaire: Volontaire, motif: str, par, today: datetime.date) -> Volontaire:
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez ce que le médecin doit corriger."})
    with transaction.atomic():
        volontaire = _instruire(volontaire, par=par, today=today)
        return _changer(volontaire, StatutVolontaire.CORRECTION_DEMANDEE, motif=motif, par=par, today=today)


def volontaire_refuser(*, volontaire: Volontaire, motif: str, par, today: datetime.date) -> Volontaire:
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez le motif du refus : le médecin le lira."})
    with transaction.atomic():
        volontaire = _instruire(volontaire, par=par, today=today)
        return _changer(volontaire, StatutVolontaire.REFUSEE, motif=motif, par=par, today=today)


def volontaire_classer_sans_suite(*, volontaire: Volontaire, motif: str, par, today: datetime.date) -> Volontaire:
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez pourquoi la candidature est classée sans suite."})
    with transaction.atomic():
        volontaire = _verrouiller(volontaire)
        exiger(par, "solidarite.volontaire_instruire", objet=volontaire, date=today)
        return _changer(volontaire, StatutVolontaire.SANS_SUITE, motif=motif, par=par, today=today)


def volontaire_valider(*, volontaire: Volontaire, par, today: datetime.date) -> Volontaire:
    """Check the register (the evidence is kept), validate, add the activity « mission de solidarité territoriale »
    to the doctor's record, e-mail the council of each wished place in another department. A failed check → 400
    saying which, nothing written."""
    with transaction.atomic():
        volontaire = _instruire(volontaire, par=par, today=today)
        if volontaire.statut != StatutVolontaire.EN_VERIFICATION:
            raise ValidationError(
                {"statut": f"Une candidature « {volontaire.get_statut_display().lower()} » ne se valide pas."}
            )
        medecin = volontaire.medecin
        controles = controler(medecin, today=today)
        echecs = [c.constat for c in controles if not c.conforme]
        if echecs:
            raise ValidationError({"medecin": echecs})
        _consigner(volontaire, controles, occasion=Occasion.VALIDATION, par=par, today=today)
        _changer(volontaire, StatutVolontaire.VALIDEE, par=par, today=today)
        en_cours = Activite.objects.filter(
            medecin=medecin, type=Activite.Type.SOLIDARITE_TERRITORIALE, date_fin__isnull=True
        ).exists()
        if not en_cours:
            fiche_liee_enregistrer(
                instance=Activite(
                    medecin=medecin,
                    type=Activite.Type.SOLIDARITE_TERRITORIALE,
                    libelle="Mission de solidarité territoriale",
                    date_debut=today,
                ),
                par=par,
            )
        departements = {
            lieu.departement for lieu in volontaire.lieux.all() if lieu.departement != settings.CDOM_DEPARTEMENT
        }
        conseils = dict(
            ConseilDepartemental.objects.filter(departement__in=departements).values_list("departement", "email")
        )
        # A department without an address: the validation stands, the staff are told whom to notify otherwise.
        volontaire.conseils_sans_adresse = sorted(d for d in departements if not conseils.get(d))
        adresses = [email for email in conseils.values() if email]
        envois_programmer(
            nature=NatureEnvoi.SOLIDARITE_VOLONTAIRE,
            objet=volontaire,
            adresses=adresses,
            tache=tasks.volontaire_valide_envoyer,
            par=par,
        )
    return volontaire


def jeton_renouveler(*, volontaire: Volontaire, par, today: datetime.date) -> Volontaire:
    """Revoke the private feed's secret link: a new one replaces it, the old one answers 404."""
    with transaction.atomic():
        volontaire = _verrouiller(volontaire)
        exiger(par, "solidarite.jeton_renouveler", objet=volontaire, date=today)
        volontaire.jeton_agenda = nouveau_jeton()
        return enregistrer(volontaire, par=par, update_fields=["jeton_agenda"])


def volontaires_importer(
    *, lignes: list[tuple[int, dict]], erreurs: list[tuple[int, str | None, str]], par, today: datetime.date
) -> dict[str, int]:
    """Write the parsed lines of the national form's export, keyed by its file number: a known number updates its
    application (wished places and slots, while it is not closed), a new one deposits it. All or nothing: any error
    of the file → ValidationError listing every line, nothing written. Returns {"crees", "modifies", "inchanges"}."""
    exiger(par, "solidarite.volontaire_importer", date=today)
    problemes = [f"Ligne {n}" + (f", {champ}" if champ else "") + f" : {message}" for n, champ, message in erreurs]
    vus: dict[str, int] = {}
    for numero, donnees in lignes:
        dossier = donnees["numero_dossier"]
        if dossier in vus:
            problemes.append(f"Ligne {numero}, numero_dossier : le dossier {dossier} figure déjà ligne {vus[dossier]}.")
        vus[dossier] = numero
    if problemes:
        raise ValidationError(problemes)
    compte = {"crees": 0, "modifies": 0, "inchanges": 0}
    with transaction.atomic():
        existants = {v.numero_dossier: v for v in Volontaire.objects.filter(numero_dossier__in=list(vus))}
        for numero, d in lignes:
            try:
                with transaction.atomic():
                    volontaire = existants.get(d["numero_dossier"])
                    if volontaire is None:
                        volontaire_deposer(
                            medecin=d["medecin"],
                            lieux=d["lieux"],
                            creneaux_souhaites=d.get("creneaux_souhaites", ""),
                            lieu_exercice_principal=d.get("lieu_exercice_principal", ""),
                            numero_dossier=d["numero_dossier"],
                            date_depot=d.get("date_depot"),
                            par=par,
                            today=today,
                        )
                        compte["crees"] += 1
                        continue
                    identique = set(volontaire.lieux.values_list("pk", flat=True)) == {
                        lieu.pk for lieu in d["lieux"]
                    } and volontaire.creneaux_souhaites == d.get("creneaux_souhaites", "")
                    if identique or volontaire.statut in STATUTS_CLOS or volontaire.statut == StatutVolontaire.VALIDEE:
                        compte["inchanges"] += 1
                        continue
                    volontaire.lieux.set(_lieux_valides(d["lieux"]))
                    volontaire.creneaux_souhaites = d.get("creneaux_souhaites", "")
                    enregistrer(volontaire, par=par)
                    compte["modifies"] += 1
            except ValidationError as exc:
                for message in exc.messages:
                    problemes.append(f"Ligne {numero} : {message}")
        if problemes:
            transaction.set_rollback(True)
    if problemes:
        raise ValidationError(problemes)
    return compte
