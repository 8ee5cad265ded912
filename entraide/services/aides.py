"""The aids the council decides on a request (issue 12 point 10; seed 002 L.II T.V 2): decided by a member seated
with a deliberative voice on the entraide commission on the date, or by the référent when there is no commission
(rule `entraide.aide_decider`: never staff, never the trésorier), each motivated (a stock phrase is refused).

- `secours`: an emergency aid, paid through the trésorerie's expense chain on the entraide line of the year's
  budget (rubrique 6571 « Entraide – secours accordés »). The engagement is the ordonnateur's act: when the member
  who decides is the ordonnateur that day (the secrétaire général sits by right on the commission), the aid is
  engaged at once; otherwise it waits « à engager » and the ordonnateur engages it (`aide_engager`). The
  engagement names the payee (`tiers`, what payment needs) and the file's number only (`objet`): neither the
  nature of the difficulty nor the motivation reaches the trésorerie, whose members read the chain.
- `exoneration_cotisation`: the commission proposes it, the plenary decides it (seed 002 L.II T.III 1.3): the aid
  opens a hardship request in cotisations (`cotisations.services.demande_exoneration_proposer`), put on the next
  plenary's agenda under its anonymous file number (D-AAAA-NNN), without the entraide file's documents.
- `echelonnement_cotisation`: the plan is recorded on the aid (`Aide.echeancier`: its instalments, covering the
  balance left on that year's dues), and the dues' reminders are suspended up to its last instalment
  (`cotisations.services.relances_suspendre`; the motive names the council's plan, not the entraide file): no
  letter claims what the council agreed to spread; the calendar resumes after it if a balance remains.
- `orientation`: towards the CARMF, the AFEM, the regional association (PASS/MOTS), or another body named.

Each aid moves the request to `aide_accordee` and is reported to the commission nationale d'entraide
(entraide.services.cnom)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commun.services import enregistrer, utilisateur_systeme
from config.perms import exiger, peut
from entraide.models import TRANSITIONS_DEMANDE, Aide, Beneficiaire, Demande, StatutDemande, TypeAide

CENTIME = Decimal("0.01")
# The entraide heading of the accounting plan (tresorerie/donnees/plan_comptable.py).
COMPTE_ENTRAIDE = "6571"
ORGANISMES_ORIENTATION = ("CARMF", "AFEM", "Association régionale (PASS / MOTS)")
ECHEANCES_MAX = 12


def motivation_valider(texte: str, champ: str = "motivation") -> str:
    """gouvernance's rule for every decision (seed 002 L.I 5.1: « une formule standard ne peut suffire »), under the
    field's own name."""
    from gouvernance.services import motivation_valider as valider

    try:
        return valider(texte)
    except ValidationError as exc:
        raise ValidationError({champ: exc.message_dict["motivation"]}) from None


def _montant(valeur, champ: str = "montant") -> Decimal:
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal):
        raise ValidationError({champ: ["Indiquez le montant en euros, au centime près (par exemple « 1500.00 »)."]})
    if valeur <= 0:
        raise ValidationError({champ: ["Le montant doit être supérieur à zéro."]})
    if valeur != valeur.quantize(CENTIME):
        raise ValidationError({champ: ["Le montant se saisit au centime près (deux décimales au plus)."]})
    return valeur


def _euros(montant: Decimal) -> str:
    from commun.formats import euros

    return euros(montant)


def demande_verrouillee(demande_id: int) -> Demande:
    return Demande.objects.select_for_update(of=("self",)).select_related("medecin").get(pk=demande_id)


def passer(demande: Demande, statut: str, *, le: datetime.date, par) -> None:
    """Move the request (TRANSITIONS_DEMANDE), its status dated."""
    if statut not in TRANSITIONS_DEMANDE[demande.statut]:
        raise ValidationError(
            f"La demande {demande.numero} est « {demande.get_statut_display()} » : elle ne peut pas passer à "
            f"« {StatutDemande(statut).label} »."
        )
    demande.statut = statut
    demande.statut_le = max(le, demande.statut_le)
    enregistrer(demande, par=par, update_fields=["statut", "statut_le"])


def beneficiaire_paiement(demande: Demande) -> str:
    """Who the secours is paid to: the ayant droit named in the request, else the doctor."""
    if demande.beneficiaire == Beneficiaire.AYANT_DROIT and demande.beneficiaire_nom:
        return demande.beneficiaire_nom
    return demande.medecin.nom_complet


def objet_engagement(demande: Demande) -> str:
    """What the trésorerie reads of a secours: the file's number, nothing of the difficulty."""
    return f"Secours d'entraide, dossier {demande.numero}"


# --- the entraide line -------------------------------------------------------------------------------------------


def ligne_entraide(annee: int):
    from tresorerie.models import LigneBudgetaire

    ligne = (
        LigneBudgetaire.objects.select_related("budget", "compte")
        .filter(budget__annee=annee, compte__numero=COMPTE_ENTRAIDE)
        .first()
    )
    if ligne is None:
        raise ValidationError(
            {
                "montant": [
                    f"Le budget {annee} n'a pas de ligne {COMPTE_ENTRAIDE} « Entraide – secours accordés » : le "
                    "secours ne peut pas être payé. Demandez au trésorier d'ouvrir la ligne (virement de crédits ou "
                    "avenant) ou transmettez le dossier à la commission nationale d'entraide."
                ]
            }
        )
    return ligne


def _credit_suffisant(ligne, montant: Decimal) -> None:
    from tresorerie.selectors import disponible

    reste = disponible(ligne)
    if montant > reste:
        raise ValidationError(
            {
                "montant": [
                    f"Le secours ({_euros(montant)}) dépasse le crédit disponible de la ligne d'entraide "
                    f"{COMPTE_ENTRAIDE} ({_euros(reste)}) : accordez-en une part et transmettez le dossier à la "
                    "commission nationale d'entraide pour le reste, ou demandez un virement de crédits."
                ]
            }
        )


def _engager(aide: Aide, *, par, today: datetime.date):
    """The ordonnateur engages the secours on the entraide line (the chain checks his role and the credit, under
    its locks), then attaches the decision's certificate (no motivation in it) for the liquidation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from entraide import documents
    from tresorerie import services as tresorerie

    ligne = ligne_entraide(today.year)
    engagement = tresorerie.engagement_engager(
        ligne_id=ligne.pk,
        objet=objet_engagement(aide.demande),
        tiers=beneficiaire_paiement(aide.demande),
        montant=aide.montant,
        par=par,
        today=today,
    )
    aide.engagement = engagement
    enregistrer(aide, par=par, update_fields=["engagement"])
    attestation = documents.attestation_secours_pdf(aide)
    tresorerie.piece_deposer(
        engagement_id=engagement.pk,
        fichier=SimpleUploadedFile(
            documents.attestation_secours_nom(aide), attestation, content_type="application/pdf"
        ),
        par=par,
        today=today,
    )
    return engagement


# --- deciding an aid ---------------------------------------------------------------------------------------------


def _cotisation(demande: Demande, annee: int | None, date: datetime.date):
    from cotisations.models import Cotisation

    annee = annee or date.year
    cotisation = Cotisation.objects.filter(medecin_id=demande.medecin_id, annee=annee).first()
    if cotisation is None:
        raise ValidationError(
            {"annee": [f"Le Dr {demande.medecin.nom_complet} n'a pas de cotisation {annee} appelée : rien à aménager."]}
        )
    return cotisation


def _echeancier(echeances, *, cotisation, date: datetime.date) -> tuple[list[dict], Decimal]:
    """The plan's instalments: at least two, dated from the decision on, in order, together the balance left on
    the dues (no more, no less)."""
    echeances = list(echeances or [])
    if len(echeances) < 2 or len(echeances) > ECHEANCES_MAX:
        raise ValidationError(
            {"echeances": [f"Un échelonnement compte de 2 à {ECHEANCES_MAX} échéances (date et montant de chacune)."]}
        )
    solde = cotisation.solde
    if solde <= 0:
        raise ValidationError(
            {"echeances": [f"La cotisation {cotisation.annee} est soldée : il n'y a rien à échelonner."]}
        )
    erreurs, lignes, precedente, total = [], [], None, Decimal("0.00")
    for rang, (jour, montant) in enumerate(echeances, start=1):
        try:
            montant = _montant(montant)
        except ValidationError:
            erreurs.append(f"Échéance {rang} : indiquez un montant positif, au centime près.")
            continue
        if jour < date:
            erreurs.append(f"Échéance {rang} : le {jour:%d/%m/%Y} précède la décision du {date:%d/%m/%Y}.")
        if precedente is not None and jour <= precedente:
            erreurs.append(f"Échéance {rang} : les échéances se suivent, chacune après la précédente.")
        precedente = jour
        total += montant
        lignes.append({"date": jour.isoformat(), "montant": f"{montant:.2f}"})
    if not erreurs and total != solde:
        erreurs.append(
            f"Les échéances totalisent {_euros(total)} ; il reste {_euros(solde)} à payer sur la cotisation "
            f"{cotisation.annee} : l'échéancier couvre exactement ce solde."
        )
    if erreurs:
        raise ValidationError({"echeances": erreurs})
    return lignes, total


def _suspendre_relances(aide: Aide, *, par, today: datetime.date) -> None:
    from cotisations.services import relances_suspendre

    derniere = datetime.date.fromisoformat(aide.echeancier[-1]["date"])
    relances_suspendre(
        cotisation=aide.cotisation,
        jusqu_au=derniere,
        motif=f"Échéancier de paiement accordé par le conseil le {aide.date:%d/%m/%Y} "
        f"({len(aide.echeancier)} échéances, la dernière le {derniere:%d/%m/%Y}).",
        par=par,
        today=today,
    )


def _exposer_exoneration(taux: int, cotisation) -> str:
    """The hardship request's account, as the plenary and cotisations read it: no name, nothing of the file."""
    return (
        f"Proposition de la commission d'entraide du conseil : exonération à {taux} % de la cotisation "
        f"{cotisation.annee} pour insuffisance de ressources. Le dossier d'entraide, confidentiel, reste à la "
        "commission ; la plénière statue sur ce seul numéro de dossier."
    )


def _proposer_exoneration(*, cotisation, taux, today):
    from cotisations.services import demande_exoneration_proposer

    try:
        return demande_exoneration_proposer(
            cotisation=cotisation,
            taux=taux,
            expose=_exposer_exoneration(taux, cotisation),
            par=utilisateur_systeme(),
            today=today,
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        renommes = {"taux_demande": "taux", "cotisation": "annee"}
        raise ValidationError({renommes.get(k, k): v for k, v in exc.message_dict.items()}) from None


def aide_decider(
    *,
    demande: Demande,
    type: str,
    motivation: str,
    date: datetime.date,
    par,
    today: datetime.date,
    montant: Decimal | None = None,
    organisme: str = "",
    taux: int | None = None,
    annee: int | None = None,
    echeances: list[tuple[datetime.date, Decimal]] | None = None,
) -> Aide:
    """The commission decides an aid on `date` (the decider's seat is judged on that date)."""
    exiger(par, "entraide.aide_decider", objet=demande, date=date)
    erreurs: dict[str, list[str]] = {}
    if type not in TypeAide.values:
        raise ValidationError({"type": [f"Type d'aide inconnu : choisissez parmi {', '.join(TypeAide.values)}."]})
    try:
        motivation = motivation_valider(motivation)
    except ValidationError as exc:
        erreurs.update(exc.message_dict)
    if date > today:
        erreurs["date"] = ["Une aide se date du jour où la commission l'a décidée : pas dans le futur."]
    elif date < demande.date_depot:
        erreurs["date"] = [f"La demande a été déposée le {demande.date_depot:%d/%m/%Y} : l'aide ne peut la précéder."]
    organisme = (organisme or "").strip()
    if type == TypeAide.SECOURS:
        try:
            montant = _montant(montant)
        except ValidationError as exc:
            erreurs.update(exc.message_dict)
    elif type == TypeAide.ORIENTATION:
        if montant is not None:
            erreurs["montant"] = ["Une orientation n'a pas de montant : le conseil oriente, l'organisme décide."]
        if not organisme:
            erreurs["organisme"] = [
                f"Nommez l'organisme vers lequel la commission oriente ({', '.join(ORGANISMES_ORIENTATION)}…)."
            ]
    elif type == TypeAide.EXONERATION_COTISATION:
        if taux not in (50, 100):
            erreurs["taux"] = ["L'exonération pour insuffisance de ressources est de 50 % ou de 100 %."]
    if erreurs:
        raise ValidationError(erreurs)

    with transaction.atomic():
        demande = demande_verrouillee(demande.pk)
        exiger(par, "entraide.aide_decider", objet=demande, date=date)  # its state, read under the lock
        aide = Aide(
            demande=demande,
            type=type,
            date=date,
            motivation=motivation,
            organisme=organisme if type == TypeAide.ORIENTATION else "",
            decidee_par=par,
        )
        engager = False
        if type == TypeAide.SECOURS:
            ligne = ligne_entraide(today.year)
            _credit_suffisant(ligne, montant)
            aide.montant = montant
            engager = peut(par, "tresorerie.engagement_engager", date=today)
        elif type == TypeAide.EXONERATION_COTISATION:
            from cotisations.services.appel import au_pourcentage

            cotisation = _cotisation(demande, annee, date)
            aide.cotisation, aide.taux = cotisation, taux
            aide.montant = cotisation.montant_bareme - au_pourcentage(cotisation.montant_bareme, taux)
        elif type == TypeAide.ECHELONNEMENT_COTISATION:
            cotisation = _cotisation(demande, annee, date)
            aide.cotisation = cotisation
            aide.echeancier, aide.montant = _echeancier(echeances, cotisation=cotisation, date=date)
        enregistrer(aide, par=par)
        if type == TypeAide.EXONERATION_COTISATION:
            aide.exoneration = _proposer_exoneration(cotisation=aide.cotisation, taux=taux, today=today)
            enregistrer(aide, par=par, update_fields=["exoneration"])
        elif type == TypeAide.ECHELONNEMENT_COTISATION:
            _suspendre_relances(aide, par=par, today=today)
        if engager:
            _engager(aide, par=par, today=today)
        passer(demande, StatutDemande.AIDE_ACCORDEE, le=date, par=par)
        from .cnom import aide_signaler_cnom

        aide_signaler_cnom(aide=aide, par=par)
    return aide


def aide_engager(*, aide: Aide, par, today: datetime.date) -> Aide:
    """The ordonnateur engages a secours the commission decided (« à engager »): the chain checks his role on the
    day and the entraide line's credit."""
    exiger(par, "tresorerie.engagement_engager", date=today)
    with transaction.atomic():
        aide = Aide.objects.select_for_update(of=("self",)).select_related("demande__medecin").get(pk=aide.pk)
        if aide.type != TypeAide.SECOURS:
            raise ValidationError(f"Seul un secours s'engage sur la ligne d'entraide ({aide.get_type_display()}).")
        if aide.engagement_id is not None:
            raise ValidationError(
                f"Ce secours est déjà engagé (engagement {aide.engagement.numero}) : rien à engager de nouveau."
            )
        _engager(aide, par=par, today=today)
    return aide
