"""Every write on the register (DOMAIN.md 1). Views, API, admin and commands call these; none writes by itself."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commun.models import NatureEnvoi
from commun.services import auteur_historique, enregistrer, envois_programmer
from config.perms import exiger
from tableau.validators import valider_date_naissance

from . import tasks
from .models import (
    CHAMPS_COORDONNEES,
    MESSAGE_CHAMP_RESERVE,
    TRANSITIONS_STATUT,
    Activite,
    ChangementStatut,
    DeclarationPerteOrdonnances,
    DocumentProfessionnel,
    LieuExercice,
    Medecin,
    Qualification,
    RestrictionExercice,
    Societe,
    Statut,
)

User = get_user_model()


def _medecin_preparer(*, donnees: dict, today: datetime.date) -> Medecin:
    """A new, unsaved record with its registration dates set (shared by medecin_creer and the bulk import)."""
    medecin = Medecin(**donnees)
    if medecin.statut == Statut.INSCRIT and medecin.date_inscription is None:
        medecin.date_inscription = today
    medecin.date_statut = medecin.date_inscription if medecin.statut == Statut.INSCRIT else today
    return medecin


def _valider_fiche(medecin: Medecin, *, today: datetime.date, naissance: bool = True, **options) -> None:
    """The record's own checks (full_clean) and those that depend on the day of entry: a plausible birth date
    (not in the future, aged 18 to 120 on `today`). Every error at once, under its field."""
    erreurs: dict = {}
    try:
        medecin.full_clean(**options)
    except ValidationError as exc:
        erreurs = exc.update_error_dict(erreurs)
    if naissance:
        try:
            valider_date_naissance(medecin.date_naissance, today=today)
        except ValidationError as exc:
            erreurs.setdefault("date_naissance", []).extend(exc.messages)
    if erreurs:
        raise ValidationError(erreurs)


def medecin_creer(*, donnees: dict, par, today: datetime.date) -> Medecin:
    """Record a doctor with any status; the status history starts there (CONTRACT.md tableau)."""
    exiger(par, "tableau.medecin_creer", date=today)
    medecin = _medecin_preparer(donnees=donnees, today=today)
    try:
        with transaction.atomic():
            _valider_fiche(medecin, today=today)
            auteur_historique(medecin, par).save()
            _historiser_statut(medecin, ancien="", date=medecin.date_statut, motif="Création de la fiche", par=par)
            if medecin.user_id and medecin.email and medecin.user.email != medecin.email:
                medecin.user.email = medecin.email
                medecin.user.save(update_fields=["email"])
    except IntegrityError:
        # Two entries of the same RPPS at the same moment: full_clean saw none, the unique index caught the second.
        if Medecin.objects.filter(rpps=medecin.rpps).exists():
            raise ValidationError(
                {
                    "rpps": f"Le numéro RPPS {medecin.rpps} vient d'être enregistré par une autre saisie : ouvrez sa fiche."
                }
            ) from None
        raise
    return medecin


def _historiser_statut(medecin, *, ancien, date, motif, par):
    changement = ChangementStatut(
        medecin=medecin, ancien_statut=ancien, nouveau_statut=medecin.statut, date=date, motif=motif, saisi_par=par
    )
    auteur_historique(changement, par)
    changement.save()
    return changement


def medecin_changer_statut(*, medecin: Medecin, statut: str, par, date: datetime.date, motif: str = "") -> Medecin:
    """Move a doctor along the register's workflow (TRANSITIONS_STATUT); the only place a status changes."""
    exiger(par, "tableau.medecin_changer_statut", objet=medecin, date=date)
    if statut not in Statut.values:
        raise ValidationError(
            {"statut": f"Statut inconnu : « {statut} ». Valeurs possibles : {', '.join(Statut.values)}."}
        )
    with transaction.atomic():
        medecin = Medecin.objects.select_for_update().get(pk=medecin.pk)
        ancien = medecin.statut
        if statut == ancien:
            return medecin
        if statut not in TRANSITIONS_STATUT[ancien]:
            possibles = ", ".join(Statut(s).label.lower() for s in sorted(TRANSITIONS_STATUT[ancien])) or "aucun"
            raise ValidationError(
                {
                    "statut": f"Passage impossible de « {Statut(ancien).label} » à « {Statut(statut).label} ». "
                    f"Statuts possibles depuis « {Statut(ancien).label} » : {possibles}."
                }
            )
        if medecin.date_statut and date < medecin.date_statut:
            raise ValidationError(
                {
                    "statut": f"La date d'effet ({date:%d/%m/%Y}) précède celle du statut actuel ({medecin.date_statut:%d/%m/%Y})."
                }
            )
        medecin.statut = statut
        medecin.date_statut = date
        champs = ["statut", "date_statut", "modifie_le"]
        if statut == Statut.INSCRIT:
            medecin.date_inscription = date
            champs.append("date_inscription")
        enregistrer(medecin, par=par, update_fields=champs)
        _historiser_statut(medecin, ancien=ancien, date=date, motif=motif, par=par)
    return medecin


def medecin_modifier(*, medecin: Medecin, donnees: dict, par, today: datetime.date) -> Medecin:
    """Staff update of a record: a change of status goes through the workflow, the rest is saved with history."""
    exiger(par, "tableau.medecin_modifier", objet=medecin, date=today)
    donnees = dict(donnees)
    statut = donnees.pop("statut", None)
    with transaction.atomic():
        if statut is not None and statut != medecin.statut:
            medecin = medecin_changer_statut(medecin=medecin, statut=statut, par=par, date=today)
        if donnees:
            for champ, valeur in donnees.items():
                setattr(medecin, champ, valeur)
            # The birth date is judged when it is entered: a record of long ago stays editable.
            _valider_fiche(medecin, today=today, naissance="date_naissance" in donnees)
            auteur_historique(medecin, par).save()
            _synchroniser_email(medecin)
    return medecin


def medecin_coordonnees_modifier(*, medecin: Medecin, par, **champs) -> Medecin:
    """A doctor corrects their contact details (espace médecin or API); nothing else can change this way."""
    exiger(par, "tableau.medecin_coordonnees_modifier", objet=medecin)
    interdits = sorted(set(champs) - set(CHAMPS_COORDONNEES))
    if interdits:
        raise ValidationError({c: MESSAGE_CHAMP_RESERVE for c in interdits})
    for champ, valeur in champs.items():
        setattr(medecin, champ, (valeur or "").strip())
    with transaction.atomic():
        enregistrer(medecin, par=par)
        _synchroniser_email(medecin)
    return medecin


def medecin_opposition_annuaire(*, medecin: Medecin, opposition: bool, par) -> Medecin:
    """The doctor opposes the publication of his contact details in the public annuaire, or withdraws his
    opposition (RGPD art. 21, right to object); the change is kept in the record's history with its author."""
    exiger(par, "tableau.medecin_opposition_annuaire", objet=medecin)
    with transaction.atomic():
        medecin = Medecin.objects.select_for_update().get(pk=medecin.pk)
        if medecin.opposition_annuaire == opposition:
            return medecin
        medecin.opposition_annuaire = opposition
        # Only this flag is written, without full_clean(): an unrelated field the register must correct (an old
        # phone format…) cannot hold back a right the doctor exercises himself.
        auteur_historique(medecin, par)
        medecin.save(update_fields=["opposition_annuaire", "modifie_le"])
    return medecin


def _synchroniser_email(medecin: Medecin) -> None:
    # CONTRACT.md: User.email follows Medecin.email.
    if medecin.user_id and medecin.user.email != medecin.email:
        medecin.user.email = medecin.email
        medecin.user.save(update_fields=["email"])


def declaration_perte_enregistrer(*, medecin: Medecin, par, today: datetime.date, **donnees):
    """Record a declaration of lost or stolen prescription pads (seed 000). The register's staff get a notice by
    e-mail (settings.CDOM_EMAIL_TABLEAU) and find it among the declarations to handle in the admin; the doctor
    gets a receipt at his address. Both e-mails leave from Celery tasks (commun/tasks.py)."""
    exiger(par, "tableau.declaration_perte_enregistrer", objet=medecin, date=today)
    declaration = DeclarationPerteOrdonnances(medecin=medecin, declaree_par=par, **donnees)
    if declaration.date_faits and declaration.date_faits > today:
        raise ValidationError({"date_faits": "La date des faits ne peut pas être dans le futur."})
    with transaction.atomic():
        enregistrer(declaration, par=par)
        envois_programmer(
            nature=NatureEnvoi.PERTE_ORDONNANCES_AVIS,
            objet=declaration,
            adresses=[settings.CDOM_EMAIL_TABLEAU],
            tache=tasks.perte_ordonnances_avis_envoyer,
            par=par,
        )
        envois_programmer(
            nature=NatureEnvoi.PERTE_ORDONNANCES_ACCUSE,
            objet=declaration,
            adresses=[medecin.email],
            tache=tasks.perte_ordonnances_accuse_envoyer,
            par=par,
        )
    return declaration


def declaration_perte_modifier(
    *, declaration: DeclarationPerteOrdonnances, donnees: dict, par, today: datetime.date
) -> DeclarationPerteOrdonnances:
    """Staff correct a declaration of lost or stolen pads (a number misread on the phone); history keeps what the
    doctor first declared. The doctor and the handling stay as they are."""
    exiger(par, "tableau.declaration_perte_modifier", objet=declaration, date=today)
    interdits = sorted(set(donnees) & {"medecin", "declaree_par", "declaree_le", "traitee_le", "traitee_par"})
    if interdits:
        raise ValidationError({c: "Ce champ ne se corrige pas." for c in interdits})
    with transaction.atomic():
        declaration = DeclarationPerteOrdonnances.objects.select_for_update().get(pk=declaration.pk)
        for champ, valeur in donnees.items():
            setattr(declaration, champ, valeur)
        if declaration.date_faits and declaration.date_faits > today:
            raise ValidationError({"date_faits": "La date des faits ne peut pas être dans le futur."})
        enregistrer(declaration, par=par)
    return declaration


def declaration_perte_traiter(*, declaration: DeclarationPerteOrdonnances, par) -> DeclarationPerteOrdonnances:
    """Staff mark a declaration of lost or stolen pads as handled; when and by whom is kept. Handled once."""
    exiger(par, "tableau.declaration_perte_traiter", objet=declaration)
    with transaction.atomic():
        declaration = DeclarationPerteOrdonnances.objects.select_for_update().get(pk=declaration.pk)
        if declaration.traitee_le is not None:
            qui = (
                f" par {declaration.traitee_par.get_full_name() or declaration.traitee_par}"
                if declaration.traitee_par
                else ""
            )
            raise ValidationError(
                {
                    "traitee_le": f"Déclaration déjà traitée le {timezone.localtime(declaration.traitee_le):%d/%m/%Y}{qui}."
                }
            )
        declaration.traitee_le = timezone.now()
        declaration.traitee_par = par
        enregistrer(declaration, par=par, update_fields=["traitee_le", "traitee_par"])
    return declaration


def societe_creer(*, donnees: dict, associes=(), par) -> Societe:
    exiger(par, "tableau.societe_creer")
    societe = Societe(**donnees)
    with transaction.atomic():
        enregistrer(societe, par=par)
        if associes:
            societe.associes.set(associes)
    return societe


def societe_modifier(*, societe: Societe, donnees: dict, associes=None, par) -> Societe:
    exiger(par, "tableau.societe_modifier", objet=societe)
    with transaction.atomic():
        for champ, valeur in donnees.items():
            setattr(societe, champ, valeur)
        enregistrer(societe, par=par)
        if associes is not None:
            societe.associes.set(associes)
    return societe


# The records that hang on a doctor's file; each has its acts in tableau/perms.py (FICHES_LIEES).
FICHES_LIEES = (Qualification, LieuExercice, Activite, DocumentProfessionnel, RestrictionExercice)


def _acte_fiche_liee(instance, operation: str) -> str:
    if type(instance) not in FICHES_LIEES:
        raise TypeError(f"{type(instance).__name__} n'est pas une fiche liée au médecin.")
    return f"tableau.{instance._meta.model_name}_{operation}"


def fiche_liee_enregistrer(*, instance, par):
    """Add or change a record of a doctor's file (qualification, place of practice, activity, document issued):
    they feed the annuaire (specialty, addresses). Checked like the file itself: full_clean, its constraints (one
    principal place in progress), the author in the history."""
    operation = "ajouter" if instance._state.adding else "modifier"
    exiger(par, _acte_fiche_liee(instance, operation), objet=instance.medecin)
    try:
        with transaction.atomic():
            enregistrer(instance, par=par)
    except IntegrityError:
        # Two entries at the same moment (two principal places): full_clean saw neither, the database index caught
        # the second; its own French message says which rule.
        instance.validate_constraints()
        raise
    return instance


def fiche_liee_supprimer(*, instance, par) -> None:
    """Remove a record of a doctor's file; its history keeps who removed it."""
    exiger(par, _acte_fiche_liee(instance, "supprimer"), objet=instance.medecin)
    with transaction.atomic():
        auteur_historique(instance, par)
        instance.delete()


def compte_medecin_creer(*, rpps: str, password: str | None = None, par):
    """Create or update a doctor's login (CONTRACT.md `compte_medecin`): username = RPPS, e-mail = the record's.

    With a password, it is checked by the password validators and set. Without, the account gets an unusable
    password and the doctor is e-mailed a link to choose one (the password-reset confirm page of the espace); the
    e-mail leaves from a Celery task (commun/tasks.py), a new one each time the command is run.
    """
    from django.contrib.auth.password_validation import validate_password

    from .validators import valider_rpps

    rpps = (rpps or "").strip()
    try:
        valider_rpps(rpps)
    except ValidationError as err:
        raise ValidationError({"rpps": err.messages}) from err
    exiger(par, "tableau.compte_medecin_creer")
    with transaction.atomic():
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to the user.
        medecin = Medecin.objects.select_for_update(of=("self",)).select_related("user").filter(rpps=rpps).first()
        if medecin is None:
            raise ValidationError({"rpps": f"Aucun médecin n'est inscrit au tableau avec le numéro RPPS « {rpps} »."})
        if not password and not medecin.email:
            raise ValidationError(
                {
                    "email": f"Le Dr {medecin.nom_complet} n'a pas d'adresse électronique : renseignez-la sur sa fiche "
                    "ou donnez un mot de passe (--password)."
                }
            )
        user = medecin.user or User.objects.filter(username=rpps).first() or User(username=rpps)
        autre = Medecin.objects.filter(user=user).exclude(pk=medecin.pk).first() if user.pk else None
        if autre is not None:
            raise ValidationError(
                {"rpps": f"L'identifiant « {rpps} » est déjà le compte d'un autre médecin ({autre}) : à corriger."}
            )
        if user.username != rpps and User.objects.filter(username=rpps).exclude(pk=user.pk).exists():
            raise ValidationError({"rpps": f"Un autre compte utilise déjà l'identifiant « {rpps} »."})
        user.username = rpps
        user.email = medecin.email
        user.first_name = medecin.prenom[:150]
        user.last_name = medecin.nom[:150]
        user.is_active = True
        if password:
            try:
                validate_password(password, user)
            except ValidationError as err:
                raise ValidationError({"password": err.messages}) from err
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        if medecin.user_id != user.pk:
            medecin.user = user
            auteur_historique(medecin, par)
            medecin.save(update_fields=["user", "modifie_le"])
        if not password:
            # The link's token is made by the task from the account as it then is (tableau/courriels.py).
            envois_programmer(
                nature=NatureEnvoi.COMPTE_MEDECIN_LIEN,
                objet=user,
                adresses=[medecin.email],
                tache=tasks.compte_medecin_lien_envoyer,
                par=par,
                nouveau_lot=True,
            )
    return user


def mot_de_passe_lien_programmer(*, users: Iterable, par) -> int:
    """The espace's « Mot de passe oublié »: e-mail each active account found (with an address) a link to choose
    a new password, from a Celery task that makes the token (tableau/courriels.py). A public act: anyone may ask
    and the page answers the same whether an account was found or not, so there is no right to check; `par` is
    the logged-in user asking, None for a visitor. Asking again sends again (a new lot: the first e-mail may have
    been lost). Returns the number of e-mails programmed."""
    programmes = 0
    with transaction.atomic():
        comptes = User.objects.select_for_update().filter(pk__in=[u.pk for u in users], is_active=True).order_by("pk")
        for user in comptes:
            if not user.email:
                continue
            programmes += len(
                envois_programmer(
                    nature=NatureEnvoi.MOT_DE_PASSE_LIEN,
                    objet=user,
                    adresses=[user.email],
                    tache=tasks.mot_de_passe_lien_envoyer,
                    par=par,
                    nouveau_lot=True,
                )
            )
    return programmes


# --- Import of the register (CONTRACT.md: import_tableau) ---
# The file is decoded and its lines parsed at the door (tableau.importation, shared by the command and the admin's
# import page); the service takes the parsed lines and writes them, all or nothing.

TAILLE_LOT_IMPORT = 1000


def _import_message(numero: int, champ: str | None, message: str) -> str:
    if champ in (None, "__all__", "detail", NON_FIELD_ERRORS):
        return f"Ligne {numero} : {message}"
    return f"Ligne {numero}, champ « {champ} » : {message}"


def _import_erreurs(numero: int, exc: ValidationError) -> list[tuple[int, str | None, str]]:
    if hasattr(exc, "error_dict"):
        return [(numero, champ, m) for champ, messages in exc.message_dict.items() for m in messages]
    return [(numero, None, m) for m in exc.messages]


def tableau_importer(
    *,
    lignes: Iterable[tuple[int, dict]],
    erreurs: Iterable[tuple[int, str | None, str]] = (),
    par,
    today: datetime.date,
) -> dict[str, int]:
    """Write the parsed lines of an import file (CONTRACT.md import_tableau).

    `lignes`: `(numero, donnees)` for each line the door could parse, `numero` being the line in the file (the
    header is line 1) and `donnees` its clean values keyed by the API's field names (a column absent from the
    file, or a cell left empty, is absent from `donnees` and leaves an existing value unchanged; an optional
    field given as "" or None is cleared). `erreurs`: what the door could not parse, as `(numero, champ, message)`
    (`champ` None for the whole line).

    All or nothing: every error, the door's and the ones found here (the same RPPS twice, a refused status
    change, a constraint of the record), is reported in one ValidationError of French messages "Ligne N, champ
    « x » : …" in line order, and nothing is written. An RPPS already on the tableau updates that record
    (history kept; a status change goes through the transitions of `medecin_modifier`). New records, and updates
    that need neither a transition nor a login's email, are bulk-saved with their history, so a 30 000-line file
    stays a matter of seconds. Returns {"crees", "modifies", "inchanges"}.
    """
    exiger(par, "tableau.tableau_importer", date=today)
    problemes: list[tuple[int, str | None, str]] = list(erreurs)
    valides = _import_sans_doublons(lignes, problemes)
    existants = _import_existants([d.get("rpps", "") for _, d in valides])
    nouveaux: list[Medecin] = []
    a_mettre_a_jour: list[Medecin] = []
    champs_mis_a_jour: set[str] = set()
    inchanges = modifies = 0
    with transaction.atomic():
        for numero, donnees in valides:
            medecin = existants.get(donnees.get("rpps", ""))
            if medecin is None:
                nouveau = _medecin_preparer(donnees=donnees, today=today)
                try:
                    _valider_fiche(nouveau, today=today, validate_unique=False, validate_constraints=False)
                except ValidationError as exc:
                    problemes.extend(_import_erreurs(numero, exc))
                    continue
                nouveaux.append(nouveau)
                continue
            changements = {c: v for c, v in donnees.items() if getattr(medecin, c) != v}
            if not changements:
                inchanges += 1
                continue
            if "statut" not in changements and not (medecin.user_id and "email" in changements):
                # No transition and no login to follow: a plain field update, bulk-saved with its history below.
                for champ, valeur in changements.items():
                    setattr(medecin, champ, valeur)
                try:
                    _valider_fiche(
                        medecin,
                        today=today,
                        naissance="date_naissance" in changements,
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except ValidationError as exc:
                    problemes.extend(_import_erreurs(numero, exc))
                    continue
                a_mettre_a_jour.append(medecin)
                champs_mis_a_jour.update(changements)
                continue
            try:
                with transaction.atomic():  # a savepoint: a refused line leaves the others to be checked
                    medecin_modifier(medecin=medecin, donnees=changements, par=par, today=today)
            except ValidationError as exc:
                problemes.extend(_import_erreurs(numero, exc))
                continue
            modifies += 1
        if problemes:
            problemes.sort(key=lambda p: p[0])  # stable: a line's messages keep their order
            # Raising rolls back the updates already made: nothing is half-written.
            raise ValidationError([_import_message(*p) for p in problemes])
        if a_mettre_a_jour:
            _import_mettre_a_jour(a_mettre_a_jour, champs=champs_mis_a_jour, par=par)
            modifies += len(a_mettre_a_jour)
        if nouveaux:
            _import_creer(nouveaux, par=par)
    return {"crees": len(nouveaux), "modifies": modifies, "inchanges": inchanges}


RAISON_IMPORT = "Import du tableau"


def _import_sans_doublons(lignes, problemes: list) -> list[tuple[int, dict]]:
    """The lines whose RPPS the file has not given already (the same RPPS twice is an error of the later line)."""
    valides: list[tuple[int, dict]] = []
    vu_a_la_ligne: dict[str, int] = {}
    for numero, donnees in lignes:
        rpps = donnees.get("rpps", "")
        if rpps in vu_a_la_ligne:
            problemes.append(
                (numero, "rpps", f"le numéro RPPS {rpps} figure déjà à la ligne {vu_a_la_ligne[rpps]} du fichier.")
            )
            continue
        vu_a_la_ligne[rpps] = numero
        valides.append((numero, donnees))
    return valides


def _import_existants(rpps: list[str]) -> dict[str, Medecin]:
    """The records already on the tableau for these RPPS, read in batches."""
    existants: dict[str, Medecin] = {}
    for debut in range(0, len(rpps), TAILLE_LOT_IMPORT):
        lot = rpps[debut : debut + TAILLE_LOT_IMPORT]
        existants.update((m.rpps, m) for m in Medecin.objects.filter(rpps__in=lot).select_related("user"))
    return existants


def _import_mettre_a_jour(medecins: list[Medecin], *, champs: set[str], par) -> None:
    maintenant = timezone.now()
    for medecin in medecins:
        medecin.modifie_le = maintenant  # bulk_update does not touch auto_now fields
    bulk_update_with_history(
        medecins,
        Medecin,
        fields=sorted(champs | {"modifie_le"}),
        batch_size=TAILLE_LOT_IMPORT,
        default_user=par,
        default_change_reason=RAISON_IMPORT,
    )


def _import_creer(nouveaux: list[Medecin], *, par) -> None:
    """The new records and the first line of their status history, in bulk, each with its history row."""
    try:
        with transaction.atomic():
            nouveaux = bulk_create_with_history(
                nouveaux, Medecin, batch_size=TAILLE_LOT_IMPORT, default_user=par, default_change_reason=RAISON_IMPORT
            )
    except IntegrityError as exc:
        # Another import or a staff entry recorded one of these RPPS since the file was read.
        raise ValidationError(
            "Un des numéros RPPS du fichier vient d'être inscrit par une autre saisie : relancez l'import."
        ) from exc
    changements_statut = [
        ChangementStatut(
            medecin=m,
            ancien_statut="",
            nouveau_statut=m.statut,
            date=m.date_statut,
            motif="Création de la fiche (import)",
            saisi_par=par,
        )
        for m in nouveaux
    ]
    bulk_create_with_history(
        changements_statut,
        ChangementStatut,
        batch_size=TAILLE_LOT_IMPORT,
        default_user=par,
        default_change_reason=RAISON_IMPORT,
    )
