"""The cash box (seed 002 L.II T.I 2.3 c): recording a movement, cancelling one by its counter-movement, attaching its
supporting document. See tresorerie/models/caisse.py for the rules in French.

The ceiling spans every movement: each write takes the one shared lock `verrouiller("tresorerie.caisse")` before it
reads the balance, so that two entries at once cannot both pass under 1 000 € (tests/tresorerie/test_caisse.py,
race on PostgreSQL). The balance is checked at every point of the cash book from the movement's date on (a
movement back-dated before later ones must not make any later balance go above the ceiling or below zero), in
the order of the book (date, then order of entry); the ceiling of each point is that of its year.

Who: the trésorier (or the trésorier adjoint standing in), and the accounting staff (Comptabilité) who keep the
cash desk (tresorerie/perms.py). The document: optional at creation (the contract's fields do not list it; a
multipart `fichier` is accepted), attached later with `caisse_piece_deposer`; the cash book flags every movement
still without one."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DecimalField, F, Sum, Value, When
from django.db.models.functions import Coalesce

from commun.fichiers import TYPES_DOCUMENTS, stockage, verifier_fichier
from commun.formats import euros
from commun.services import enregistrer, verrouiller
from config.perms import exiger

from ..models import (
    Cloture,
    CompteComptable,
    MouvementCaisse,
    ParametreCaisse,
    PieceCaisse,
    SensMouvement,
    StatutCloture,
)

CENTIME = Decimal("0.01")
ZERO = Decimal("0.00")
COMPTE_PAR_DEFAUT = "512"  # a withdrawal from the bank (entrée) or a deposit at the bank (sortie)
VERROU = "tresorerie.caisse"


def montant_signe_expr():
    return Case(
        When(sens=SensMouvement.ENTREE, then=F("montant")),
        default=-F("montant"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def montant_valider(valeur, champ: str = "montant") -> Decimal:
    """A positive Decimal to the cent (a float, a negative or a zero amount are refused)."""
    if isinstance(valeur, bool) or not isinstance(valeur, Decimal):
        raise ValidationError({champ: ["Le montant doit être un nombre décimal en euros (par exemple 25.40)."]})
    if not valeur.is_finite() or valeur <= 0:
        raise ValidationError({champ: ["Le montant doit être supérieur à zéro : le sens dit s'il entre ou s'il sort."]})
    if valeur != valeur.quantize(CENTIME):
        raise ValidationError({champ: ["Le montant se saisit au centime près (deux décimales au plus)."]})
    return valeur


def plafond_de(annee: int) -> Decimal:
    plafond = ParametreCaisse.objects.filter(annee=annee).values_list("plafond", flat=True).first()
    if plafond is None:
        raise ValidationError(
            {
                "date": [
                    f"Le plafond de la caisse pour {annee} n'est pas renseigné : saisissez-le dans « Plafonds de la "
                    "caisse » avant d'enregistrer un mouvement de cette année."
                ]
            }
        )
    return plafond


def _exercice_ouvert(date: datetime.date) -> None:
    if Cloture.objects.filter(annee=date.year, statut=StatutCloture.APPROUVEE).exists():
        raise ValidationError(
            {"date": [f"L'exercice {date.year} est clos (comptes approuvés) : on n'y enregistre plus de mouvement."]}
        )


def _verifier_solde(*, sens: str, montant: Decimal, date: datetime.date) -> Decimal:
    """Raise if the new movement (placed after the movements of its date) makes a point of the cash book leave
    [0, ceiling]. Call under the lock. Returns the balance right after it."""
    signe = montant if sens == SensMouvement.ENTREE else -montant
    avant = MouvementCaisse.objects.filter(date__lte=date).aggregate(
        s=Coalesce(Sum(montant_signe_expr()), Value(ZERO))
    )["s"]
    solde = avant + signe
    points = [(date, solde)]
    suivants = (
        MouvementCaisse.objects.filter(date__gt=date).order_by("date", "id").values_list("date", "montant", "sens")
    )
    courant = solde
    for jour, m, s in suivants:
        courant += m if s == SensMouvement.ENTREE else -m
        points.append((jour, courant))
    plafonds: dict[int, Decimal] = {}
    for jour, valeur in points:
        if valeur < 0:
            raise ValidationError(
                {
                    "montant": [
                        f"Ce mouvement mettrait le solde de la caisse à {euros(valeur)} le {jour:%d/%m/%Y} : le solde ne "
                        f"peut être négatif (solde avant ce mouvement : {euros(avant)}). Approvisionnez d'abord la "
                        "caisse (retrait en banque)."
                    ]
                }
            )
        if jour.year not in plafonds:
            plafonds[jour.year] = plafond_de(jour.year)
        if valeur > plafonds[jour.year]:
            raise ValidationError(
                {
                    "montant": [
                        f"Cette entrée de {euros(montant)} porterait le solde de la caisse à {euros(valeur)} le "
                        f"{jour:%d/%m/%Y}, au-delà du plafond de {euros(plafonds[jour.year])} (règlement de "
                        "trésorerie, titre I, 2.3 c) : déposez d'abord des espèces en banque."
                    ]
                }
            )
    return solde


def _compte(numero: str | None) -> CompteComptable:
    numero = (numero or COMPTE_PAR_DEFAUT).strip()
    compte = CompteComptable.objects.filter(numero=numero, actif=True).first()
    if compte is None:
        raise ValidationError({"compte": [f"Le compte {numero} n'existe pas (ou plus) au plan comptable."]})
    if compte.numero.startswith("53"):
        raise ValidationError(
            {"compte": ["La contrepartie d'un mouvement de caisse ne peut être la caisse elle-même."]}
        )
    return compte


def _piece(mouvement: MouvementCaisse, verifie, ranger, *, par, today: datetime.date) -> PieceCaisse:
    piece = PieceCaisse(
        mouvement=mouvement,
        fichier=ranger(verifie),
        nom_original=verifie.nom,
        taille=verifie.taille,
        type_contenu=verifie.type.type_contenu,
        sha256=verifie.sha256,
        deposee_le=today,
        deposee_par=par,
    )
    return enregistrer(piece, par=par)


def mouvement_caisse_enregistrer(
    *,
    sens: str,
    montant: Decimal,
    objet: str,
    date: datetime.date,
    compte: str | None = None,
    fichier=None,
    par,
    today: datetime.date,
) -> MouvementCaisse:
    """Record an entry or an exit of the cash box (with its document if given), within [0, the year's ceiling]."""
    exiger(par, "tresorerie.caisse_enregistrer", date=today)
    if sens not in SensMouvement.values:
        raise ValidationError({"sens": ["Le sens est « entree » (espèces reçues) ou « sortie » (espèces remises)."]})
    montant = montant_valider(montant)
    if not (objet or "").strip():
        raise ValidationError({"objet": ["Indiquez l'objet du mouvement (ce qui a été payé ou reçu, et à qui)."]})
    if date > today:
        raise ValidationError({"date": ["Un mouvement de caisse ne peut être daté dans le futur."]})
    verifie = verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichier") if fichier is not None else None
    contrepartie = _compte(compte)
    with stockage("tresorerie/caisse") as ranger, transaction.atomic():
        verrouiller(VERROU)
        _exercice_ouvert(date)
        _verifier_solde(sens=sens, montant=montant, date=date)
        mouvement = MouvementCaisse(
            sens=sens, montant=montant, objet=objet.strip(), date=date, compte=contrepartie, saisi_par=par
        )
        enregistrer(mouvement, par=par)
        mouvement.numero = f"C{date.year}-{mouvement.pk:05d}"
        enregistrer(mouvement, par=par, update_fields=["numero"])
        if verifie is not None:
            _piece(mouvement, verifie, ranger, par=par, today=today)
    return mouvement


def mouvement_caisse_annuler(
    *, mouvement_id: int, motif: str, date: datetime.date, par, today: datetime.date
) -> MouvementCaisse:
    """Cancel a wrong movement by its counter-movement (opposite direction, same amount and account), dated `date`,
    with the reason; the movement itself is never changed nor deleted. Cancelled once; a counter-movement is not
    cancelled (record the right movement instead)."""
    exiger(par, "tresorerie.caisse_annuler", date=today)
    if not (motif or "").strip():
        raise ValidationError({"motif": ["Indiquez pourquoi ce mouvement est annulé."]})
    if date > today:
        raise ValidationError({"date": ["Un contre-mouvement ne peut être daté dans le futur."]})
    with transaction.atomic():
        verrouiller(VERROU)
        try:
            origine = MouvementCaisse.objects.select_related("compte").get(pk=mouvement_id)
        except MouvementCaisse.DoesNotExist:
            raise ValidationError("Ce mouvement de caisse n'existe pas.") from None
        if origine.annule_id is not None:
            raise ValidationError(
                f"Le mouvement {origine.numero} est lui-même une annulation : enregistrez le bon mouvement plutôt."
            )
        if MouvementCaisse.objects.filter(annule=origine).exists():
            raise ValidationError(f"Le mouvement {origine.numero} est déjà annulé.")
        if date < origine.date:
            raise ValidationError({"date": ["L'annulation ne peut précéder le mouvement qu'elle annule."]})
        _exercice_ouvert(date)
        sens = SensMouvement.SORTIE if origine.sens == SensMouvement.ENTREE else SensMouvement.ENTREE
        _verifier_solde(sens=sens, montant=origine.montant, date=date)
        contre = MouvementCaisse(
            sens=sens,
            montant=origine.montant,
            objet=f"Annulation du mouvement {origine.numero} : {origine.objet}"[:255],
            date=date,
            compte=origine.compte,
            annule=origine,
            motif_annulation=motif.strip(),
            saisi_par=par,
        )
        enregistrer(contre, par=par)
        contre.numero = f"C{date.year}-{contre.pk:05d}"
        enregistrer(contre, par=par, update_fields=["numero"])
    return contre


def caisse_piece_deposer(*, mouvement_id: int, fichier, par, today: datetime.date) -> PieceCaisse:
    """Attach the supporting document (receipt, invoice, bank slip) of a movement, judged by its content."""
    exiger(par, "tresorerie.caisse_piece_deposer", date=today)
    verifie = verifier_fichier(fichier, types=TYPES_DOCUMENTS, champ="fichier")
    with stockage("tresorerie/caisse") as ranger, transaction.atomic():
        try:
            mouvement = MouvementCaisse.objects.select_for_update().get(pk=mouvement_id)
        except MouvementCaisse.DoesNotExist:
            raise ValidationError("Ce mouvement de caisse n'existe pas.") from None
        return _piece(mouvement, verifie, ranger, par=par, today=today)
