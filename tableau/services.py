"""Every write on the register (DOMAIN.md 1). Views, API, admin and commands call these; none writes by itself."""

import codecs
import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import (
    TRANSITIONS_STATUT,
    ChangementStatut,
    DeclarationPerteOrdonnances,
    Medecin,
    Societe,
    Statut,
)

User = get_user_model()

# What a doctor may change on their own record (CONTRACT.md: email, phone and addresses).
CHAMPS_COORDONNEES = (
    "email",
    "telephone",
    "adresse_professionnelle",
    "code_postal_professionnel",
    "ville_professionnelle",
    "adresse_correspondance",
    "code_postal_correspondance",
    "ville_correspondance",
)

MESSAGE_CHAMP_RESERVE = "Ce champ ne peut pas être modifié par le médecin ; adressez-vous au service du tableau."

SYSTEME_USERNAME = "systeme"


def utilisateur_systeme():
    """The author recorded in history for writes made by commands and tasks (never an unknown author)."""
    user, created = User.objects.get_or_create(
        username=SYSTEME_USERNAME, defaults={"first_name": "Traitement", "last_name": "automatique", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _enregistrer(instance, *, par, update_fields=None):
    instance._history_user = par
    instance.full_clean()
    instance.save(update_fields=update_fields)


def _medecin_preparer(*, donnees: dict, today: datetime.date) -> Medecin:
    """A new, unsaved record with its registration dates set (shared by medecin_creer and the bulk import)."""
    medecin = Medecin(**donnees)
    if medecin.statut == Statut.INSCRIT and medecin.date_inscription is None:
        medecin.date_inscription = today
    medecin.date_statut = medecin.date_inscription if medecin.statut == Statut.INSCRIT else today
    return medecin


def medecin_creer(*, donnees: dict, par, today: datetime.date | None = None) -> Medecin:
    """Record a doctor with any status; the status history starts there (CONTRACT.md tableau)."""
    today = today or timezone.localdate()
    medecin = _medecin_preparer(donnees=donnees, today=today)
    try:
        with transaction.atomic():
            _enregistrer(medecin, par=par)
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
    changement._history_user = par
    changement.save()
    return changement


def medecin_changer_statut(
    *, medecin: Medecin, statut: str, par, date: datetime.date | None = None, motif: str = ""
) -> Medecin:
    """Move a doctor along the register's workflow (TRANSITIONS_STATUT); the only place a status changes."""
    date = date or timezone.localdate()
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
        _enregistrer(medecin, par=par, update_fields=champs)
        _historiser_statut(medecin, ancien=ancien, date=date, motif=motif, par=par)
    return medecin


def medecin_modifier(*, medecin: Medecin, donnees: dict, par, today: datetime.date | None = None) -> Medecin:
    """Staff update of a record: a change of status goes through the workflow, the rest is saved with history."""
    donnees = dict(donnees)
    statut = donnees.pop("statut", None)
    with transaction.atomic():
        if statut is not None and statut != medecin.statut:
            medecin = medecin_changer_statut(medecin=medecin, statut=statut, par=par, date=today)
        if donnees:
            for champ, valeur in donnees.items():
                setattr(medecin, champ, valeur)
            _enregistrer(medecin, par=par)
            _synchroniser_email(medecin)
    return medecin


def medecin_coordonnees_modifier(*, medecin: Medecin, par, **champs) -> Medecin:
    """A doctor corrects their contact details (espace médecin or API); nothing else can change this way."""
    interdits = sorted(set(champs) - set(CHAMPS_COORDONNEES))
    if interdits:
        raise ValidationError({c: MESSAGE_CHAMP_RESERVE for c in interdits})
    for champ, valeur in champs.items():
        setattr(medecin, champ, (valeur or "").strip())
    with transaction.atomic():
        _enregistrer(medecin, par=par)
        _synchroniser_email(medecin)
    return medecin


def medecin_opposition_annuaire(*, medecin: Medecin, opposition: bool, par) -> Medecin:
    """The doctor opposes the publication of his contact details in the public annuaire, or withdraws his
    opposition (RGPD art. 21, right to object); the change is kept in the record's history with its author."""
    with transaction.atomic():
        medecin = Medecin.objects.select_for_update().get(pk=medecin.pk)
        if medecin.opposition_annuaire == opposition:
            return medecin
        medecin.opposition_annuaire = opposition
        # Only this flag is written, without full_clean(): an unrelated field the register must correct (an old
        # phone format…) cannot hold back a right the doctor exercises himself.
        medecin._history_user = par
        medecin.save(update_fields=["opposition_annuaire", "modifie_le"])
    return medecin


def _synchroniser_email(medecin: Medecin) -> None:
    # CONTRACT.md: User.email follows Medecin.email.
    if medecin.user_id and medecin.user.email != medecin.email:
        medecin.user.email = medecin.email
        medecin.user.save(update_fields=["email"])


def declaration_perte_enregistrer(*, medecin: Medecin, par, today: datetime.date | None = None, **donnees):
    """Record a declaration of lost or stolen prescription pads (seed 000)."""
    today = today or timezone.localdate()
    declaration = DeclarationPerteOrdonnances(medecin=medecin, declaree_par=par, **donnees)
    if declaration.date_faits and declaration.date_faits > today:
        raise ValidationError({"date_faits": "La date des faits ne peut pas être dans le futur."})
    with transaction.atomic():
        _enregistrer(declaration, par=par)
    return declaration


def societe_creer(*, donnees: dict, associes=(), par) -> Societe:
    societe = Societe(**donnees)
    with transaction.atomic():
        _enregistrer(societe, par=par)
        if associes:
            societe.associes.set(associes)
    return societe


def societe_modifier(*, societe: Societe, donnees: dict, associes=None, par) -> Societe:
    with transaction.atomic():
        for champ, valeur in donnees.items():
            setattr(societe, champ, valeur)
        _enregistrer(societe, par=par)
        if associes is not None:
            societe.associes.set(associes)
    return societe


def compte_medecin_creer(*, rpps: str, password: str | None = None, par=None, site_url: str | None = None):
    """Create or update a doctor's login (CONTRACT.md `compte_medecin`): username = RPPS, e-mail = the record's.

    With a password, it is checked by the password validators and set. Without, the account gets an unusable
    password and the doctor is e-mailed a link to choose one (the password-reset confirm page of the espace).
    """
    from django.conf import settings
    from django.contrib.auth.password_validation import validate_password

    from .validators import valider_rpps

    rpps = (rpps or "").strip()
    try:
        valider_rpps(rpps)
    except ValidationError as err:
        raise ValidationError({"rpps": err.messages}) from err
    par = par or utilisateur_systeme()
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
            medecin._history_user = par
            medecin.save(update_fields=["user", "modifie_le"])
    if not password:
        _compte_medecin_envoyer_lien(medecin=medecin, user=user, site_url=site_url or settings.SITE_URL)
    return user


def _compte_medecin_envoyer_lien(*, medecin: Medecin, user, site_url: str) -> None:
    """E-mail the doctor a link to choose their password (the espace's password-reset confirm page)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    chemin = reverse(
        "espace:mot_de_passe_confirmer",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    from django.conf import settings

    contexte = {"medecin": medecin, "user": user, "lien": site_url.rstrip("/") + chemin, "CDOM_NOM": settings.CDOM_NOM}
    sujet = "".join(render_to_string("registration/compte_medecin_sujet.txt", contexte).splitlines())
    corps = render_to_string("registration/compte_medecin_email.txt", contexte)
    send_mail(sujet, corps, None, [medecin.email])


# --- Import of the register from a CSV file (CONTRACT.md: import_tableau) ---

COLONNES_OBLIGATOIRES_IMPORT = ("rpps", "nom", "prenom", "sexe", "date_naissance", "statut", "exercice")
TAILLE_LOT_IMPORT = 1000


def _import_decoder(brut: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (what Excel writes as "CSV" on a French Windows)."""
    if brut.startswith(b"PK\x03\x04"):
        raise ValidationError(
            "Le fichier n'est pas un CSV mais un classeur (XLSX) : enregistrez-le au format « CSV UTF-8 » "
            "ou « CSV (séparateur : point-virgule) »."
        )
    if brut.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in brut:
        raise ValidationError(
            "Encodage du fichier non pris en charge (UTF-16 ou fichier binaire) : enregistrez-le en CSV UTF-8 "
            "ou Windows-1252."
        )
    if brut.startswith(codecs.BOM_UTF8):
        brut = brut[len(codecs.BOM_UTF8) :]
    try:
        return brut.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return brut.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252 (octet "
            f"0x{brut[exc.start]:02x} en position {exc.start})."
        ) from exc


def _import_lire(fichier) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the numbered rows of the file (the header is line 1); `fichier` is a path, bytes or a file."""
    if isinstance(fichier, bytes):
        brut = fichier
    elif hasattr(fichier, "read"):
        brut = fichier.read()
        brut = brut.encode("utf-8") if isinstance(brut, str) else brut
    else:
        with open(fichier, "rb") as f:
            brut = f.read()
    texte = _import_decoder(brut)
    premiere_ligne = texte.split("\n", 1)[0]
    # The header holds only field names, so the delimiter is whichever of ";" and "," it contains.
    separateur = ";" if premiere_ligne.count(";") > premiere_ligne.count(",") else ","
    lignes = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        entete = next(lignes)
    except StopIteration:
        raise ValidationError("Le fichier est vide : la première ligne doit nommer les colonnes.") from None
    return [c.strip().lower() for c in entete], [(n, ligne) for n, ligne in enumerate(lignes, start=2)]


def _import_verifier_colonnes(entete: list[str], acceptees) -> None:
    erreurs = []
    vides = [str(i) for i, c in enumerate(entete, start=1) if not c]
    if vides:
        erreurs.append(f"Ligne 1 : colonne sans nom (colonne n° {', '.join(vides)}).")
    doublons = sorted({c for c in entete if c and entete.count(c) > 1})
    if doublons:
        erreurs.append(f"Ligne 1 : colonne en double : {', '.join(doublons)}.")
    inconnues = [c for c in entete if c and c not in acceptees]
    if inconnues:
        erreurs.append(
            f"Ligne 1 : colonne(s) inconnue(s) : {', '.join(inconnues)}. Colonnes acceptées : {', '.join(acceptees)}."
        )
    manquantes = [c for c in COLONNES_OBLIGATOIRES_IMPORT if c not in entete]
    if manquantes:
        erreurs.append(f"Ligne 1 : colonne(s) obligatoire(s) manquante(s) : {', '.join(manquantes)}.")
    if erreurs:
        raise ValidationError(erreurs)


def _import_erreurs(ligne: int, detail) -> list[str]:
    """'Ligne N, champ « x » : message' for each message of a DRF or Django error detail."""
    if hasattr(detail, "message_dict"):
        detail = detail.message_dict
    elif hasattr(detail, "messages"):
        detail = {"__all__": detail.messages}
    messages = []
    for champ, erreurs in detail.items():
        for message in erreurs if isinstance(erreurs, list | tuple) else [erreurs]:
            if champ in ("__all__", "detail"):
                messages.append(f"Ligne {ligne} : {message}")
            else:
                messages.append(f"Ligne {ligne}, champ « {champ} » : {message}")
    return messages


def tableau_importer(*, fichier, par, today: datetime.date | None = None) -> dict[str, int]:
    """Import doctors from a CSV whose columns are the API's field names (CONTRACT.md import_tableau).

    All or nothing: every bad line is reported (line number, header = 1, and field) in one ValidationError and
    nothing is written. An RPPS already on the tableau updates that record through `medecin_modifier` (history
    kept, a status change goes through the transitions); an empty cell leaves an existing value unchanged.
    New records, and updates that need neither a transition nor a login's email, are bulk-saved with their
    history, so a 30 000-line file stays a matter of seconds.
    Returns {"crees", "modifies", "inchanges"}.
    """
    from rest_framework import serializers as drf_serializers
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from .serializers import CHAMPS_MEDECIN, MedecinImportSerializer

    today = today or timezone.localdate()
    entete, lignes = _import_lire(fichier)
    _import_verifier_colonnes(entete, CHAMPS_MEDECIN)

    analyseur = MedecinImportSerializer()
    erreurs: list[str] = []
    valides: list[tuple[int, dict]] = []
    vu_a_la_ligne: dict[str, int] = {}
    for numero, cellules in lignes:
        if not any(c.strip() for c in cellules):
            continue  # the empty lines a spreadsheet leaves at the end
        if len(cellules) != len(entete):
            erreurs.append(
                f"Ligne {numero} : {len(cellules)} valeur(s) pour {len(entete)} colonne(s) ; vérifiez le séparateur "
                "et les guillemets."
            )
            continue
        brut = {c: v.strip() for c, v in zip(entete, cellules, strict=True) if c != "id" and v.strip()}
        rpps = brut.get("rpps", "")
        if rpps in vu_a_la_ligne:
            erreurs.append(
                f"Ligne {numero}, champ « rpps » : le numéro RPPS {rpps} figure déjà à la ligne "
                f"{vu_a_la_ligne[rpps]} du fichier."
            )
            continue
        if rpps:
            vu_a_la_ligne[rpps] = numero
        try:
            donnees = analyseur.run_validation(brut)
        except drf_serializers.ValidationError as exc:
            erreurs.extend(_import_erreurs(numero, exc.detail))
            continue
        valides.append((numero, donnees))

    rpps_fichier = [d["rpps"] for _, d in valides]
    existants: dict[str, Medecin] = {}
    for debut in range(0, len(rpps_fichier), TAILLE_LOT_IMPORT):
        lot = rpps_fichier[debut : debut + TAILLE_LOT_IMPORT]
        existants.update((m.rpps, m) for m in Medecin.objects.filter(rpps__in=lot).select_related("user"))

    nouveaux: list[Medecin] = []
    a_mettre_a_jour: list[Medecin] = []
    champs_mis_a_jour: set[str] = set()
    inchanges = modifies = 0
    with transaction.atomic():
        for numero, donnees in valides:
            medecin = existants.get(donnees["rpps"])
            if medecin is None:
                nouveau = _medecin_preparer(donnees=donnees, today=today)
                try:
                    nouveau.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as exc:
                    erreurs.extend(_import_erreurs(numero, exc))
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
                    medecin.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as exc:
                    erreurs.extend(_import_erreurs(numero, exc))
                    continue
                a_mettre_a_jour.append(medecin)
                champs_mis_a_jour.update(changements)
                continue
            try:
                with transaction.atomic():  # a savepoint: a refused line leaves the others to be checked
                    medecin_modifier(medecin=medecin, donnees=changements, par=par, today=today)
            except ValidationError as exc:
                erreurs.extend(_import_erreurs(numero, exc))
                continue
            modifies += 1
        if erreurs:
            raise ValidationError(erreurs)  # rolls back the updates already made: nothing is half-written
        raison = "Import du tableau"
        if a_mettre_a_jour:
            maintenant = timezone.now()
            for medecin in a_mettre_a_jour:
                medecin.modifie_le = maintenant  # bulk_update does not touch auto_now fields
            bulk_update_with_history(
                a_mettre_a_jour,
                Medecin,
                fields=sorted(champs_mis_a_jour | {"modifie_le"}),
                batch_size=TAILLE_LOT_IMPORT,
                default_user=par,
                default_change_reason=raison,
            )
            modifies += len(a_mettre_a_jour)
        if nouveaux:
            try:
                with transaction.atomic():
                    nouveaux = bulk_create_with_history(
                        nouveaux, Medecin, batch_size=TAILLE_LOT_IMPORT, default_user=par, default_change_reason=raison
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
                default_change_reason=raison,
            )
    return {"crees": len(nouveaux), "modifies": modifies, "inchanges": inchanges}
