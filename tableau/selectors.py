"""Reads on the register, shared by the admin, the API, the espace médecin and the annuaire."""

from django.db.models import Q, QuerySet

from config.perms import peut

from .models import Medecin, Societe, Statut


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


def medecins_rechercher(qs: QuerySet[Medecin], texte: str) -> QuerySet[Medecin]:
    """Search by name, first name or RPPS; every word must match."""
    for mot in (texte or "").split():
        if mot.isdigit():
            qs = qs.filter(rpps__startswith=mot)
        else:
            qs = qs.filter(Q(nom__icontains=mot) | Q(prenom__icontains=mot))
    return qs


def annuaire(texte: str = "", ville: str = "") -> QuerySet[Medecin]:
    """The public annuaire: registered doctors only (DOMAIN.md 1). Contact details are hidden in the template
    layer's data by `annuaire_fiche` for those who opposed publication."""
    qs = Medecin.objects.filter(statut=Statut.INSCRIT).prefetch_related("qualifications")
    qs = medecins_rechercher(qs, texte)
    if ville:
        # The town is a contact detail: searching by town must not reveal where an opposed doctor practises.
        qs = qs.filter(ville_professionnelle__icontains=ville, opposition_annuaire=False)
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
