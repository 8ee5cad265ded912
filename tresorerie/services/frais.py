"""Expense claims of the elected members (seed 002 annexe III 2.1-2.2, « remboursement des frais réels et plafonnés
uniquement sur justificatifs »).

The workflow (models.TRANSITIONS_NOTE): the member files a draft with its lines (or the accounting service files
it for him), attaches one receipt at least to each line, submits; the liquidateur checks it (verified) or sends it
back with a reason (to correct, then submit again); the ordonnateur engages it on the line 6251 of the year's
budget, the receipts becoming the engagement's supporting documents; the liquidateur liquidates it, the ordonnateur
orders it, the trésorier pays it (tresorerie.services.chaine, each step its own role).

Caps, read from the year's ParametresFrais (never constants):
- a hotel night ≤ 200 € breakfast included, a meal ≤ 35 €, a breakfast ≤ 15 €: an amount above the cap is
  REFUSED with a message that gives the cap (the member asks at most the cap, the surplus being his: « plafond »
  in the règlement), so that what he asks is what he may be paid;
- a breakfast is refused when a hotel night precedes it (the night before, on any of his claims);
- mileage is paid on the fiscal scale for the vehicle's horsepower, the band being the member's yearly distance
  (a trip is paid the difference it makes to the yearly amount), on the distance he declares; a member living
  outside the department is paid from the council's seat, capped at 80 km return per trip: the distance above
  is not refused but not paid (this is where `montant_rembourse` differs from `montant_demande`), and a mileage
  amount asked above the scale is paid at the scale;
- train tickets are paid as they are (1st class at most: the liquidateur reads the ticket).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from commun.fichiers import TYPES_DOCUMENTS, stockage, verifier_fichier
from commun.formats import euros
from commun.services import enregistrer, verrouiller
from config.perms import est_systeme, exiger

from .. import selectors_frais as lire
from ..models import (
    TRANSITIONS_NOTE,
    Engagement,
    JustificatifFrais,
    LigneBudgetaire,
    LigneFrais,
    NoteFrais,
    StatutEngagement,
    StatutNote,
    TypeFrais,
)
from . import chaine

CENTIME = Decimal("0.01")
COMPTE_FRAIS = "6251"  # Frais de déplacement des élus
# What a mileage line's receipt is: the trip's proof (the convocation or agenda of the meeting, or a route printout).
JUSTIFICATIF_KM = "la convocation à la réunion (ou l'itinéraire imprimé du trajet)"


@dataclass(frozen=True)
class LigneSaisie:
    """One line as a door parsed it (montant: a Decimal or None; km: an int or None)."""

    type: str
    date: datetime.date | None
    montant: Decimal | None = None
    km: int | None = None
    libelle: str = ""


def _erreur(index: int | None, champ: str, message: str) -> ValidationError:
    """A refusal on one line: « Ligne 2 : … » under `lignes` (the API), the line's index and field kept on the
    error (`ligne`, `champ`, `court`) so that a form shows it beside the field. Without index: on the field."""
    court = message[:1].upper() + message[1:]
    if index is None:
        return ValidationError({champ: [court]})
    erreur = ValidationError(f"Ligne {index + 1} : {message}", code=champ)
    erreur.ligne, erreur.champ, erreur.court = index, champ, court
    return ValidationError({"lignes": [erreur]})


def _montant(valeur, index: int | None) -> Decimal:
    if not isinstance(valeur, Decimal) or not valeur.is_finite():
        raise _erreur(index, "montant", "le montant doit être un nombre décimal en euros (par exemple 35.00).")
    if valeur <= 0:
        raise _erreur(index, "montant", "le montant doit être supérieur à zéro.")
    if valeur != valeur.quantize(CENTIME):
        raise _erreur(index, "montant", "le montant se saisit au centime près (deux décimales au plus).")
    return valeur


def _plafond(ligne: LigneSaisie, montant: Decimal, parametres, index) -> None:
    plafonds = {
        TypeFrais.HOTEL: (parametres.plafond_hotel, "une nuit d'hôtel (petit déjeuner compris)"),
        TypeFrais.REPAS: (parametres.plafond_repas, "un repas"),
        TypeFrais.PETIT_DEJEUNER: (parametres.plafond_petit_dejeuner, "un petit déjeuner"),
    }
    if ligne.type in plafonds:
        plafond, quoi = plafonds[ligne.type]
        if montant > plafond:
            raise _erreur(
                index,
                "montant",
                f"{euros(montant)} dépasse le plafond de {euros(plafond)} pour {quoi} en {ligne.date.year} "
                f"(règlement de trésorerie, annexe III) : demandez {euros(plafond)} au plus, le surplus reste à "
                "votre charge.",
            )


def _verifier_type_et_date(ligne: LigneSaisie, index, *, membre, today) -> None:
    if ligne.type not in TypeFrais.values:
        raise _erreur(index, "type", f"nature de dépense inconnue : choisissez parmi {', '.join(TypeFrais.values)}.")
    if not isinstance(ligne.date, datetime.date):
        raise _erreur(index, "date", "indiquez la date de la dépense.")
    if ligne.date > today:
        raise _erreur(
            index, "date", f"la date ({ligne.date:%d/%m/%Y}) est à venir : on ne rembourse que des frais engagés."
        )
    if not membre.couvre(ligne.date):
        raise _erreur(
            index, "date", f"le {ligne.date:%d/%m/%Y}, {membre.medecin.nom_complet} n'était pas membre du conseil."
        )


def _verifier_ligne(ligne: LigneSaisie, index, *, parametres) -> None:
    if ligne.type == TypeFrais.KM:
        if not isinstance(ligne.km, int) or isinstance(ligne.km, bool) or ligne.km <= 0:
            raise _erreur(index, "km", "indiquez la distance parcourue, aller et retour, en kilomètres entiers.")
        if ligne.montant is not None:
            _montant(ligne.montant, index)
        return
    if ligne.km not in (None, 0):
        raise _erreur(index, "km", "la distance ne se déclare que sur une ligne d'indemnités kilométriques.")
    if ligne.montant is None:
        raise _erreur(index, "montant", "indiquez le montant payé, tel qu'il figure sur le justificatif.")
    _plafond(ligne, _montant(ligne.montant, index), parametres, index)


def _verifier_petits_dejeuners(lignes: list[LigneSaisie], *, medecin_id: int, note_id=None, decalage: int = 0) -> None:
    """Seed 002 annexe III 2.2.2: a breakfast is paid only when no hotel night precedes it (the night before)."""
    veilles = {ligne.date - datetime.timedelta(days=1) for ligne in lignes if ligne.type == TypeFrais.PETIT_DEJEUNER}
    if not veilles:
        return
    nuits = {ligne.date for ligne in lignes if ligne.type == TypeFrais.HOTEL}
    nuits |= lire.nuits_d_hotel(medecin_id=medecin_id, dates=veilles, sauf_note_id=note_id)
    for index, ligne in enumerate(lignes):
        if ligne.type == TypeFrais.PETIT_DEJEUNER and ligne.date - datetime.timedelta(days=1) in nuits:
            raise _erreur(
                None if decalage < 0 else index + decalage,
                "type",
                f"le petit déjeuner du {ligne.date:%d/%m/%Y} suit une nuit d'hôtel (le "
                f"{ligne.date - datetime.timedelta(days=1):%d/%m/%Y}) : il est compris dans la nuitée (plafond "
                "petit déjeuner compris), retirez-le.",
            )


def _vehicule(vehicule_cv, lignes) -> int | None:
    if vehicule_cv in (None, ""):
        if any(ligne.type == TypeFrais.KM for ligne in lignes):
            raise ValidationError(
                {
                    "vehicule_cv": [
                        "Indiquez la puissance fiscale du véhicule (carte grise, rubrique P.6) : les indemnités "
                        "kilométriques en dépendent."
                    ]
                }
            )
        return None
    if not isinstance(vehicule_cv, int) or isinstance(vehicule_cv, bool) or not 1 <= vehicule_cv <= 99:
        raise ValidationError(
            {"vehicule_cv": ["La puissance fiscale est un nombre entier de chevaux (CV), de 1 à 99."]}
        )
    return vehicule_cv


def _annee_unique(lignes) -> int:
    annees = {ligne.date.year for ligne in lignes}
    if len(annees) > 1:
        raise ValidationError(
            {"lignes": ["Une note de frais porte sur une seule année civile : faites une note par année."]}
        )
    return annees.pop()


def _calculer(note: NoteFrais, par, *, deja: int | None = None) -> None:
    """Work out each line's reimbursable amount and the claim's totals (the lines are saved here, the claim by the
    caller). `deja`: the kilometres the member already has in the year (counted by the caller under the lock)."""
    lignes = list(note.lignes.order_by("date", "id"))
    if not lignes:
        note.montant_demande = note.montant_rembourse = Decimal("0.00")
        return
    annee = lignes[0].date.year
    parametres = lire.parametres_frais(annee)
    if deja is None:
        deja = lire.km_de_l_annee(medecin_id=note.membre.medecin_id, annee=annee, sauf_note_id=note.pk)
    bareme = None
    for ligne in lignes:
        if ligne.type == TypeFrais.KM:
            bareme = bareme or lire.bareme_kilometrique(annee, note.vehicule_cv)
            # Seed 002 annexe III 2.1.1: from the council's seat, 80 km return at most, for a member living outside.
            retenus = min(ligne.km, parametres.km_hors_departement) if note.hors_departement else ligne.km
            au_bareme = lire.indemnite_kilometrique(bareme, deja=deja, km=retenus)
            if ligne.montant_au_bareme:
                ligne.montant = lire.indemnite_kilometrique(bareme, deja=deja, km=ligne.km)
            ligne.km_retenus = retenus
            ligne.montant_rembourse = min(au_bareme, ligne.montant)
            deja += retenus
        else:
            ligne.montant_rembourse = ligne.montant
        enregistrer(ligne, par=par, update_fields=["montant", "km_retenus", "montant_rembourse"])
    note.montant_demande = sum((ligne.montant for ligne in lignes), Decimal("0.00"))
    note.montant_rembourse = sum((ligne.montant_rembourse for ligne in lignes), Decimal("0.00"))


def _creer_ligne(note: NoteFrais, ligne: LigneSaisie, par) -> LigneFrais:
    km = ligne.type == TypeFrais.KM
    objet = LigneFrais(
        note=note,
        type=ligne.type,
        date=ligne.date,
        libelle=(ligne.libelle or "").strip()[:200],
        montant=ligne.montant if ligne.montant is not None else Decimal("0.00"),
        montant_au_bareme=km and ligne.montant is None,
        km=ligne.km if km else None,
        km_retenus=ligne.km if km else None,
        montant_rembourse=Decimal("0.00"),
    )
    return enregistrer(objet, par=par)


def _membre_de_la_note(membre_id, dates, par):
    """The member the claim is for: a doctor files for himself (his own mandate, whatever he sent); the accounting
    service (or the system) names the member."""
    from gouvernance.models import Membre

    if par.is_staff or est_systeme(par):
        membre = Membre.objects.select_related("medecin").filter(pk=membre_id).first() if membre_id else None
        if membre is None:
            raise ValidationError({"membre": ["Choisissez le membre du conseil pour qui la note est déposée."]})
        return membre
    membre = lire.mandat_couvrant(user=par, dates=dates)
    if membre is None:
        raise PermissionDenied("Les notes de frais sont réservées aux membres du conseil : aucun mandat à votre nom.")
    return membre


def _verifier_saisie(lignes: list[LigneSaisie], *, membre, today, note_id=None, existantes=()) -> int:
    """Check the lines (each on its own, then together); return their year."""
    for index, ligne in enumerate(lignes):
        _verifier_type_et_date(ligne, index if note_id is None else None, membre=membre, today=today)
    annee = _annee_unique([*existantes, *lignes])
    parametres = lire.parametres_frais(annee)
    for index, ligne in enumerate(lignes):
        _verifier_ligne(ligne, index if note_id is None else None, parametres=parametres)
    _verifier_petits_dejeuners(
        [*existantes, *lignes], medecin_id=membre.medecin_id, note_id=note_id, decalage=-1 if note_id else 0
    )
    return annee


def _verrouiller(note_id: int) -> NoteFrais:
    try:
        return NoteFrais.objects.select_for_update(of=("self",)).select_related("membre__medecin").get(pk=note_id)
    except NoteFrais.DoesNotExist:
        raise ValidationError("Cette note de frais n'existe pas.") from None


def _passer(note: NoteFrais, statut: str) -> None:
    if statut not in TRANSITIONS_NOTE[note.statut]:
        raise ValidationError(
            f"La note de frais {note.numero or note.pk} est « {note.get_statut_display()} » : elle ne peut pas "
            f"passer à « {StatutNote(statut).label} »."
        )
    note.statut = statut


def _saisie_existante(note: NoteFrais) -> list[LigneSaisie]:
    return [LigneSaisie(type=lg.type, date=lg.date, montant=lg.montant, km=lg.km) for lg in note.lignes.all()]


# --- the member (or the accounting service for him) ----------------------------------------------------------------


def note_frais_deposer(
    *, membre_id: int | None, lignes, vehicule_cv: int | None = None, objet: str = "", par, today: datetime.date
) -> NoteFrais:
    """File a claim as a draft with its lines; the amounts are worked out line by line (caps, scale)."""
    lignes = list(lignes)
    if not lignes:
        raise ValidationError({"lignes": ["Ajoutez au moins une ligne de frais (nature, date, montant)."]})
    dates = [ligne.date for ligne in lignes if isinstance(ligne.date, datetime.date)]
    membre = _membre_de_la_note(membre_id, dates, par)
    exiger(par, "tresorerie.note_frais_deposer", objet=membre, date=today)
    cv = _vehicule(vehicule_cv, lignes)
    _verifier_saisie(lignes, membre=membre, today=today)
    adresse, hors_departement = lire.adresse_de_depart(membre.medecin, min(dates))
    with transaction.atomic():
        note = NoteFrais(
            membre=membre,
            objet=(objet or "").strip()[:255],
            vehicule_cv=cv,
            hors_departement=hors_departement,
            adresse_depart=adresse[:400],
            cree_le=today,
            cree_par=par,
        )
        enregistrer(note, par=par)
        for ligne in lignes:
            _creer_ligne(note, ligne, par)
        _calculer(note, par)
        note.numero = f"NF-{today.year}-{note.pk:05d}"
        enregistrer(note, par=par, update_fields=["numero", "montant_demande", "montant_rembourse"])
    return note


def ligne_frais_ajouter(*, note_id: int, ligne: LigneSaisie, par, today: datetime.date) -> LigneFrais:
    """Add a line to a draft (or to a claim sent back for correction)."""
    with transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.note_frais_modifier", objet=note, date=today)
        _vehicule(note.vehicule_cv, [ligne])
        _verifier_saisie([ligne], membre=note.membre, today=today, note_id=note.pk, existantes=_saisie_existante(note))
        cree = _creer_ligne(note, ligne, par)
        _calculer(note, par)
        enregistrer(note, par=par, update_fields=["montant_demande", "montant_rembourse"])
    return cree


def ligne_frais_retirer(*, ligne_id: int, par, today: datetime.date) -> NoteFrais:
    """Remove a line (and its receipts) from a draft or a claim sent back for correction."""
    ligne = LigneFrais.objects.filter(pk=ligne_id).only("note_id").first()
    if ligne is None:
        raise ValidationError({"ligne": ["Cette ligne n'existe pas."]})
    with transaction.atomic():
        note = _verrouiller(ligne.note_id)
        exiger(par, "tresorerie.note_frais_modifier", objet=note, date=today)
        ligne = note.lignes.get(pk=ligne_id)
        fichiers = [j.fichier.name for j in ligne.justificatifs.all()]
        for justificatif in ligne.justificatifs.all():
            justificatif._history_user = par
            justificatif.delete()
        ligne._history_user = par
        ligne.delete()
        _calculer(note, par)
        enregistrer(note, par=par, update_fields=["montant_demande", "montant_rembourse"])
        transaction.on_commit(lambda: [default_storage.delete(nom) for nom in fichiers])
    return note


def justificatif_deposer(*, note_id: int, ligne_id, fichier, par, today: datetime.date) -> JustificatifFrais:
    """Attach a receipt (PDF, JPEG, PNG judged by its content, size-capped) to one line of the claim. For a
    mileage line: the convocation to the meeting or a route printout."""
    verifie = verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichier")
    with stockage("tresorerie/frais") as ranger, transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.justificatif_deposer", objet=note, date=today)
        ligne = note.lignes.filter(pk=ligne_id).first() if str(ligne_id or "").isdigit() else None
        if ligne is None:
            raise ValidationError({"ligne": ["Choisissez la ligne de la note que ce justificatif prouve."]})
        justificatif = JustificatifFrais(
            ligne=ligne,
            fichier=ranger(verifie),
            nom_original=verifie.nom,
            taille=verifie.taille,
            type_contenu=verifie.type.type_contenu,
            sha256=verifie.sha256,
            depose_le=today,
            depose_par=par,
        )
        enregistrer(justificatif, par=par)
    return justificatif


def note_frais_soumettre(*, note_id: int, par, today: datetime.date) -> NoteFrais:
    """Submit the claim to the liquidateur: every line has its receipt. The mileage is worked out again here, under
    the lock of the member's year, so that two claims submitted at once count each other's kilometres."""
    with transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.note_frais_soumettre", objet=note, date=today)
        lignes = list(note.lignes.order_by("date", "id").prefetch_related("justificatifs"))
        if not lignes:
            raise ValidationError({"lignes": ["La note n'a aucune ligne : ajoutez vos frais avant de la soumettre."]})
        sans = [lg for lg in lignes if not lg.justificatifs.all()]
        if sans:
            raise ValidationError(
                {
                    "justificatifs": [
                        f"Ligne {lignes.index(lg) + 1} ({lg.get_type_display().lower()} du {lg.date:%d/%m/%Y}) : "
                        "joignez son justificatif"
                        + (f" ({JUSTIFICATIF_KM})" if lg.type == TypeFrais.KM else "")
                        + " ; le règlement ne rembourse que sur justificatifs."
                        for lg in sans
                    ]
                }
            )
        annee = lignes[0].date.year
        verrouiller(f"tresorerie.frais.km.{note.membre.medecin_id}.{annee}")
        deja = lire.km_de_l_annee(medecin_id=note.membre.medecin_id, annee=annee, sauf_note_id=note.pk)
        _calculer(note, par, deja=deja)
        _passer(note, StatutNote.SOUMISE)
        note.soumise_le = today
        enregistrer(note, par=par, update_fields=["statut", "soumise_le", "montant_demande", "montant_rembourse"])
    return note


# --- the liquidateur ---------------------------------------------------------------------------------------------


def _pas_la_sienne(note: NoteFrais, par, quoi: str) -> None:
    if note.membre.medecin.user_id == par.pk:
        raise ValidationError(
            f"C'est votre propre note de frais : un autre membre doit la {quoi} (séparation des fonctions ; pendant "
            "votre empêchement, le liquidateur suppléant)."
        )


def note_frais_verifier(*, note_id: int, par, today: datetime.date) -> NoteFrais:
    """The liquidateur checks the claim against its receipts: verified, it may be engaged."""
    with transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.note_frais_verifier", objet=note, date=today)
        _pas_la_sienne(note, par, "vérifier")
        if note.montant_rembourse <= 0:
            raise ValidationError("La note n'a rien de remboursable : renvoyez-la au membre pour correction.")
        _passer(note, StatutNote.VERIFIEE)
        note.verifiee_le = today
        note.verifiee_par = par
        enregistrer(note, par=par, update_fields=["statut", "verifiee_le", "verifiee_par"])
    return note


def note_frais_renvoyer(*, note_id: int, motif: str, par, today: datetime.date) -> NoteFrais:
    """The liquidateur sends the claim back to the member, saying what to correct."""
    if not (motif or "").strip():
        raise ValidationError({"motif": ["Dites au membre ce qu'il doit corriger (justificatif illisible, montant…)."]})
    with transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.note_frais_verifier", objet=note, date=today)
        _pas_la_sienne(note, par, "vérifier")
        _passer(note, StatutNote.A_CORRIGER)
        note.motif_correction = motif.strip()
        enregistrer(note, par=par, update_fields=["statut", "motif_correction"])
    return note


# --- the expense chain (tresorerie.services.chaine) --------------------------------------------------------------

_SUITE = {
    StatutEngagement.LIQUIDE: StatutNote.LIQUIDEE,
    StatutEngagement.ORDONNANCE: StatutNote.ORDONNANCEE,
    StatutEngagement.PAYE: StatutNote.PAYEE,
}
_ORDRE = list(StatutNote.values)


def _rattraper(note: NoteFrais) -> None:
    """A step taken on the engagement itself (its own API) moves the claim along with it."""
    if note.engagement_id is None:
        return
    suite = _SUITE.get(Engagement.objects.values_list("statut", flat=True).get(pk=note.engagement_id))
    if suite and _ORDRE.index(suite) > _ORDRE.index(note.statut):
        note.statut = suite


def note_frais_engager(*, note_id: int, par, today: datetime.date) -> NoteFrais:
    """The ordonnateur engages a verified claim on the line 6251 (frais de déplacement des élus) of the year's
    budget, for its reimbursable amount; its receipts become the engagement's supporting documents."""
    with transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.note_frais_engager", objet=note, date=today)
        ligne = (
            LigneBudgetaire.objects.filter(budget__annee=today.year, compte__numero=COMPTE_FRAIS)
            .values_list("id", flat=True)
            .first()
        )
        if ligne is None:
            raise ValidationError(
                f"Le budget {today.year} n'a pas de ligne {COMPTE_FRAIS} (frais de déplacement des élus) : ajoutez-la "
                "avant d'engager la note."
            )
        medecin = note.membre.medecin
        engagement = chaine.engagement_engager(
            ligne_id=ligne,
            objet=f"Note de frais {note.numero}" + (f" – {note.objet}" if note.objet else ""),
            tiers=f"Dr {medecin.nom_complet}",
            montant=note.montant_rembourse,
            par=par,
            today=today,
        )
        for justificatif in JustificatifFrais.objects.filter(ligne__note=note).order_by("ligne__date", "id"):
            with default_storage.open(justificatif.fichier.name, "rb") as contenu:
                chaine.piece_deposer(
                    engagement_id=engagement.pk,
                    fichier=File(contenu, name=justificatif.nom_original),
                    par=par,
                    today=today,
                )
        _passer(note, StatutNote.ENGAGEE)
        note.engagement = engagement
        enregistrer(note, par=par, update_fields=["statut", "engagement"])
    return note


def _etape_simple(note_id: int, statut: str, faire, par) -> NoteFrais:
    """One step of the chain on the claim's engagement, the claim moving with it."""
    with transaction.atomic():
        note = _verrouiller(note_id)
        exiger(par, "tresorerie.notes_frais_consulter", objet=note)
        _rattraper(note)
        if note.engagement_id is None:
            raise ValidationError(
                f"La note de frais {note.numero or note.pk} est « {note.get_statut_display()} » : elle n'est pas "
                "encore engagée."
            )
        if note.statut != statut:  # else the step was taken on the engagement itself: the claim only follows
            _passer(note, statut)
            faire(note)
        enregistrer(note, par=par, update_fields=["statut"])
    return note


def note_frais_liquider(*, note_id: int, par, today: datetime.date) -> NoteFrais:
    """The liquidateur liquidates the engaged claim for its reimbursable amount (never his own claim)."""

    def faire(note):
        _pas_la_sienne(note, par, "liquider")
        chaine.engagement_liquider(
            engagement_id=note.engagement_id, montant=note.montant_rembourse, par=par, today=today
        )

    return _etape_simple(note_id, StatutNote.LIQUIDEE, faire, par)


def note_frais_ordonnancer(*, note_id: int, par, today: datetime.date) -> NoteFrais:
    return _etape_simple(
        note_id,
        StatutNote.ORDONNANCEE,
        lambda note: chaine.engagement_ordonnancer(engagement_id=note.engagement_id, par=par, today=today),
        par,
    )


def note_frais_payer(*, note_id: int, mode: str, date: datetime.date, par) -> NoteFrais:
    return _etape_simple(
        note_id,
        StatutNote.PAYEE,
        lambda note: chaine.engagement_payer(engagement_id=note.engagement_id, mode=mode, date=date, par=par),
        par,
    )
