"""Registering a complaint, a grievance or a report (t0) — the start of the legal clock; its documents; a
grievance requalified as a complaint (the clock starts then) or closed with a reason.

Dépaysement (CONTRACT.md: `depaysement`): a complaint against a member of this council (a mandate covering t0)
is registered here — t0, the acknowledgement, the doctor informed — and flagged: the CNOM designates the council
that conciliates and transmits it (L4123-2 CSP, last paragraph). Its statut becomes `depaysee` **at once**, at
registration: no act of this council's conciliation may follow (conciliators, meeting, transmission are refused as
on any closed file), and the yearly report counts it among the complaints received."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.chiffrement import stockage_chiffre
from commun.fichiers import TYPES_DOCUMENTS, verifier_fichier
from commun.services import enregistrer, verrouiller
from conciliation.models import (
    TRANSITIONS_PLAINTE,
    NaturePlainte,
    PiecePlainte,
    Plainte,
    QualitePlaignant,
    StatutPlainte,
)
from config.perms import exiger

from . import courriers


def numero_suivant(annee: int) -> str:
    """« PL-2026-0007 »: numbered by registration year, under the lock the caller holds."""
    n = Plainte.objects.filter(numero__startswith=f"PL-{annee}-").count() + 1
    return f"PL-{annee}-{n:04d}"


def _verrouiller(plainte_id) -> Plainte:
    plainte = Plainte.objects.select_for_update().filter(pk=plainte_id).first()
    if plainte is None:
        raise ValidationError({"plainte": ["Ce dossier de plainte n'existe pas."]})
    return plainte


def passer(plainte: Plainte, statut: str) -> None:
    """Move the file along TRANSITIONS_PLAINTE (any other move is a refusal that says why)."""
    if statut not in TRANSITIONS_PLAINTE[plainte.statut]:
        raise ValidationError(
            {
                "statut": [
                    f"Le dossier {plainte.numero} est « {plainte.get_statut_display()} » : il ne peut pas devenir "
                    f"« {StatutPlainte(statut).label} »."
                ]
            }
        )
    plainte.statut = statut


def plainte_enregistrer(
    *,
    nature: str,
    medecin,
    plaignant_nom: str,
    plaignant_qualite: str,
    objet: str,
    plaignant_email: str = "",
    plaignant_adresse: str = "",
    plaignant_medecin=None,
    date_enregistrement: datetime.date | None = None,
    recue_le: datetime.date | None = None,
    par,
    today: datetime.date,
) -> Plainte:
    from gouvernance import selectors as gouvernance
    from tableau.models import Statut

    exiger(par, "conciliation.plainte_enregistrer", date=today)
    t0 = date_enregistrement or today
    erreurs = {}
    if t0 > today:
        erreurs["date_enregistrement"] = ["La date d'enregistrement ne peut pas être dans le futur."]
    if recue_le is not None and recue_le > t0:
        erreurs["recue_le"] = ["La plainte ne peut pas avoir été reçue après son enregistrement."]
    if not (objet or "").strip():
        erreurs["objet"] = ["Indiquez l'objet de la plainte : ce qui est reproché au médecin."]
    if not (plaignant_nom or "").strip():
        erreurs["plaignant_nom"] = ["Indiquez qui se plaint (nom, ou raison sociale de l'organisme)."]
    if medecin is None or medecin.statut != Statut.INSCRIT:
        erreurs["medecin"] = [
            "Le médecin mis en cause doit être inscrit au tableau de ce conseil"
            + (f" : le Dr {medecin.nom_complet} est « {medecin.get_statut_display()} »." if medecin else ".")
        ]
    if plaignant_medecin is not None:
        if plaignant_qualite != QualitePlaignant.MEDECIN:
            erreurs["plaignant_medecin"] = ["Un médecin plaignant a la qualité « Médecin »."]
        elif medecin is not None and plaignant_medecin.pk == medecin.pk:
            erreurs["plaignant_medecin"] = ["Le médecin mis en cause ne peut pas être le plaignant."]
    if erreurs:
        raise ValidationError(erreurs)
    depaysement = gouvernance.membre_de(medecin=medecin, date=t0) is not None
    with transaction.atomic():
        verrouiller(f"conciliation.numero.{t0.year}")
        plainte = Plainte(
            numero=numero_suivant(t0.year),
            nature=nature,
            nature_initiale=nature,
            medecin=medecin,
            plaignant_nom=plaignant_nom.strip(),
            plaignant_qualite=plaignant_qualite,
            plaignant_medecin=plaignant_medecin,
            plaignant_email=plaignant_email or "",
            plaignant_adresse=plaignant_adresse or "",
            objet=objet.strip(),
            recue_le=recue_le or t0,
            date_enregistrement=t0,
            statut=StatutPlainte.DEPAYSEE if depaysement else StatutPlainte.ENREGISTREE,
            depaysement=depaysement,
            enregistree_par=par,
        )
        enregistrer(plainte, par=par)
        courriers.courriers_enregistrement(plainte, par=par, today=today)
    return plainte


def plainte_requalifier(*, plainte_id: int, par, today: datetime.date) -> Plainte:
    """A grievance or a report becomes a complaint: t0 is that day, the legal clock starts then; the nature it
    was registered with stays in `nature_initiale` (the yearly report counts it once, as a complaint). The
    complainant and the doctor receive the complaint's letters (acknowledgement, information) with its deadlines."""
    with transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.plainte_requalifier", objet=plainte, date=today)
        if plainte.nature == NaturePlainte.PLAINTE:
            raise ValidationError({"nature": [f"Le dossier {plainte.numero} est déjà une plainte."]})
        if today < plainte.date_enregistrement:
            raise ValidationError({"date": ["La requalification ne peut pas précéder l'enregistrement."]})
        plainte.nature = NaturePlainte.PLAINTE
        plainte.date_enregistrement = today
        enregistrer(plainte, par=par, update_fields=["nature", "date_enregistrement"])
        # The clock starts now: the acknowledgement and the doctor's information leave again, with the complaint's
        # deadlines (a second lot, once: courriers._second_envoi).
        courriers.courriers_enregistrement(plainte, par=par, today=today)
    return plainte


def plainte_classer(*, plainte_id: int, motif: str, par, today: datetime.date) -> Plainte:
    """A grievance or a report is closed with its reason. A complaint is not: the council must convene the
    parties to a conciliation and, failing it, transmit the complaint to the chambre disciplinaire (L4123-2 CSP;
    seed 002, Titre II préambule)."""
    with transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.plainte_classer", objet=plainte, date=today)
        if plainte.nature == NaturePlainte.PLAINTE:
            raise ValidationError(
                {
                    "nature": [
                        "Une plainte n'est pas classée par le conseil : il organise la conciliation et, faute "
                        "d'accord, la transmet à la chambre disciplinaire de première instance avec son avis motivé "
                        "(article L4123-2 du code de la santé publique). Seule une doléance ou un signalement se "
                        "classe."
                    ]
                }
            )
        motif = (motif or "").strip()
        if not motif:
            raise ValidationError({"motif": ["Indiquez le motif du classement (ce qui a été fait, pourquoi)."]})
        passer(plainte, StatutPlainte.CLASSEE)
        plainte.motif_classement = motif
        enregistrer(plainte, par=par, update_fields=["statut", "motif_classement"])
    return plainte


def piece_deposer(*, plainte_id: int, fichier, par, today: datetime.date) -> PiecePlainte:
    """A document of the file (PDF, JPEG or PNG judged by its content, at most FICHIERS_TAILLE_MAX), stored
    encrypted (commun.chiffrement): the media folder never holds it in clear."""
    verifie = verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichier")
    with stockage_chiffre("conciliation/pieces") as ranger, transaction.atomic():
        plainte = _verrouiller(plainte_id)
        exiger(par, "conciliation.piece_deposer", objet=plainte, date=today)
        piece = PiecePlainte(
            plainte=plainte,
            fichier=ranger(verifie),
            nom_original=verifie.nom,
            taille=verifie.taille,
            type_contenu=verifie.type.type_contenu,
            sha256=verifie.sha256,
            deposee_le=today,
            deposee_par=par,
        )
        enregistrer(piece, par=par)
    return piece


__all__ = [
    "NaturePlainte",
    "numero_suivant",
    "passer",
    "piece_deposer",
    "plainte_classer",
    "plainte_enregistrer",
    "plainte_requalifier",
]
