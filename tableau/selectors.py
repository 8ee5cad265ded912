"""Reads on the register, shared by the admin, the API, the espace médecin and the annuaire."""

from django.db.models import Q, QuerySet

from .models import Medecin, Societe, Statut


def medecin_de(user) -> Medecin | None:
    """The doctor linked to a login, or None (staff, anonymous)."""
    if not user.is_authenticated:
        return None
    return Medecin.objects.filter(user=user).first()


def medecins_visibles(user) -> QuerySet[Medecin]:
    """Staff with the view permission see the whole register; a doctor sees their own record alone."""
    if user.is_authenticated and user.is_staff and user.has_perm("tableau.view_medecin"):
        return Medecin.objects.all()
    if user.is_authenticated:
        return Medecin.objects.filter(user=user)
    return Medecin.objects.none()


def societes_visibles(user) -> QuerySet[Societe]:
    """Staff see every company; a doctor sees the companies they manage or belong to."""
    qs = Societe.objects.select_related("gerant").prefetch_related("associes")
    if user.is_authenticated and user.is_staff and user.has_perm("tableau.view_societe"):
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
        qs = qs.filter(ville_professionnelle__icontains=ville)
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
