"""Reads on the register, shared by the admin, the API, the espace médecin and the annuaire."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.lookups import Contains

from commun.recherche import Normalise, normaliser
from config.perms import peut

from .models import Medecin, Qualification, Societe, Statut


def medecin_de(user) -> Medecin | None:
    """The doctor linked to a login, or None (staff, anonymous)."""
    if not user.is_authenticated:
        return None
    return Medecin.objects.filter(user=user).first()


def medecins_visibles(user) -> QuerySet[Medecin]:
    """Staff with the view permission see the whole register; a doctor sees their own record alone."""
    if user.is_authenticated and user.is_staff and peut(user, "tableau.medecins_lister"):
        return Medecin.objects.all()
    if user.is_authenticated:
        return Medecin.objects.filter(user=user)
    return Medecin.objects.none()


def societes_visibles(user) -> QuerySet[Societe]:
    """Staff see every company; a doctor sees the companies they manage or belong to."""
    qs = Societe.objects.select_related("gerant").prefetch_related("associes")
    if user.is_authenticated and user.is_staff and peut(user, "tableau.societes_lister"):
        return qs
    if user.is_authenticated:
        return qs.filter(Q(gerant__user=user) | Q(associes__user=user)).distinct()
    return qs.none()


def _contient(champ: str, mot: str) -> Contains:
    """`champ` holds `mot`, accents and case ignored: cdom_normaliser(champ) LIKE '%mot%', the expression of the
    trigram index on PostgreSQL (commun.recherche)."""
    return Contains(Normalise(champ), normaliser(mot))


def _mots(texte: str) -> list[str]:
    # Split after normalising, so that a hyphen typed inside a word ("saint-astier") separates words too.
    return (normaliser(texte or "") or "").split()


def medecins_rechercher(qs: QuerySet[Medecin], texte: str) -> QuerySet[Medecin]:
    """Search by name, first name or RPPS; every word must match; accents and case are ignored (CONTRACT.md:
    `menard` finds Ménard, `elodie` Élodie). The admin's search, the API's `?search=` and the annuaire use it."""
    for mot in _mots(texte):
        if mot.isdigit():
            qs = qs.filter(rpps__startswith=mot)
        else:
            qs = qs.filter(Q(_contient("nom", mot)) | Q(_contient("prenom", mot)))
    return qs


def annuaire(texte: str = "", ville: str = "", specialite: str = "") -> QuerySet[Medecin]:
    """The public annuaire: registered doctors only (DOMAIN.md 1). Contact details are hidden in the template
    layer's data by `annuaire_fiche` for those who opposed publication. Name, town and specialty are searched
    word by word, accents and case ignored."""
    qs = Medecin.objects.filter(statut=Statut.INSCRIT).prefetch_related("qualifications")
    qs = medecins_rechercher(qs, texte)
    mots_ville = _mots(ville)
    if mots_ville:
        # The town is a contact detail: searching by town must not reveal where an opposed doctor practises.
        qs = qs.filter(*(_contient("ville_professionnelle", mot) for mot in mots_ville), opposition_annuaire=False)
    mots_specialite = _mots(specialite)
    if mots_specialite:
        # Qualifications are published for every registered doctor: one of them must hold every word typed.
        qualifications = Qualification.objects.filter(
            *(_contient("intitule", mot) for mot in mots_specialite), medecin=OuterRef("pk")
        )
        qs = qs.filter(Exists(qualifications))
    return qs.order_by("nom", "prenom", "id")


def annuaire_fiche(medecin: Medecin) -> dict:
    """What the annuaire may show of a doctor: never the contact details of one who opposed publication."""
    fiche = {
        "nom": medecin.nom,
        "prenom": medecin.prenom,
        "rpps": medecin.rpps,
        "exercice": medecin.get_exercice_display(),
        "qualifications": [q.intitule for q in medecin.qualifications.all()],
        "coordonnees_publiees": not medecin.opposition_annuaire,
    }
    if not medecin.opposition_annuaire:
        fiche.update(
            adresse=medecin.adresse_professionnelle,
            code_postal=medecin.code_postal_professionnel,
            ville=medecin.ville_professionnelle,
            telephone=medecin.telephone,
        )
    return fiche


def medecin_fiche(user) -> Medecin | None:
    """The espace médecin's view of a doctor's own record, with everything its home page shows in a fixed
    number of queries (one per related list)."""
    if not user.is_authenticated:
        return None
    from django.db.models import Prefetch

    from .models import ChangementStatut

    return (
        Medecin.objects.filter(user=user)
        .select_related("user")
        .prefetch_related(
            "qualifications",
            "lieux",
            "societes",
            "societes_gerees",
            Prefetch("changements_statut", queryset=ChangementStatut.objects.order_by("-date", "-id")),
        )
        .first()
    )


def declarations_perte_de(medecin: Medecin) -> QuerySet:
    """A doctor's declarations of lost or stolen prescription pads, newest first."""
    from .models import DeclarationPerteOrdonnances

    return DeclarationPerteOrdonnances.objects.filter(medecin=medecin).order_by("-declaree_le", "-id")
