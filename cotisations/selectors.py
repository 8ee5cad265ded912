"""Reads of the dues: what each user may see (staff and the council's treasury all; a doctor his own)."""

from django.db.models import Prefetch

from config.perms import peut

from .models import Bareme, Cotisation, Paiement, Relance


def cotisations_visibles(user):
    """Staff allowed to read the dues and the trésorier, ordonnateur… see them all; a doctor his own only."""
    qs = Cotisation.objects.select_related("medecin", "societe", "exoneration_deliberation").prefetch_related(
        Prefetch("relances", queryset=Relance.objects.order_by("date", "id"))
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if peut(user, "cotisations.cotisations_consulter"):
        return qs
    return qs.filter(medecin__user=user)


def baremes_visibles(user):
    """The national amounts are public (printed on every dues call): any logged-in user reads them."""
    if not (user and user.is_authenticated):
        return Bareme.objects.none()
    return Bareme.objects.all()


def paiements_de(qs):
    return qs.prefetch_related(Prefetch("paiements", queryset=Paiement.objects.order_by("date", "id")))


# --- relances: the reminder calendar -------------------------------------------------------------------------------


def relances_a_venir(*, date):
    """What a run of the calendar on `date` would send, step by step (the admin shows it before the run): a list of
    {"annee", "etape", "libelle", "nombre", "cotisations"} (a queryset of the dues concerned), in calendar order,
    and the total. The same WHERE clause as the run itself (cotisations.calendrier.conditions)."""
    from .calendrier import annees_a_relancer, cotisations_dues, etapes_dues
    from .models import EtapeRelance

    etapes = []
    for annee in annees_a_relancer(date):
        for etape in etapes_dues(date, annee):
            cotisations = cotisations_dues(etape=etape, annee=annee, date=date).select_related("medecin", "societe")
            nombre = cotisations.count()
            if nombre:
                etapes.append(
                    {
                        "annee": annee,
                        "etape": str(etape),
                        "libelle": EtapeRelance(etape).label,
                        "nombre": nombre,
                        "cotisations": cotisations.order_by("reference"),
                    }
                )
    return {"date": date, "etapes": etapes, "total": sum(e["nombre"] for e in etapes)}


def debiteurs_restants(*, annee: int, date):
    """The dues of `annee` still unpaid on `date` after the second registered letter and without a court request:
    the list the plenary deliberates on in January N+1 (with the debtor, the letters and the balance)."""
    from .calendrier import debiteurs_injonction

    return (
        debiteurs_injonction(annee=annee, date=date)
        .select_related("medecin", "societe")
        .prefetch_related(Prefetch("relances", queryset=Relance.objects.order_by("date", "id")))
        .order_by("reference")
    )


def relances_de(qs):
    return qs.select_related("cotisation__medecin", "cotisation__societe", "deliberation")
