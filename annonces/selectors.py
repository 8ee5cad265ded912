"""Reads of the ads: what the public sees (published, end date not passed on `today`), what a doctor sees (that,
and his own ads), what the moderators see (every ad); with the pending revision prefetched."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from commun.recherche import Normalise, normaliser
from config.perms import peut

from .models import REVISIONS_EN_COURS, Annonce, RevisionAnnonce, StatutAnnonce


def publiques_q(today: datetime.date) -> Q:
    return Q(statut=StatutAnnonce.PUBLIEE) & (Q(date_fin__isnull=True) | Q(date_fin__gte=today))


def avec_revision(qs: QuerySet[Annonce]) -> QuerySet[Annonce]:
    return qs.select_related("auteur").prefetch_related(
        Prefetch(
            "revisions",
            queryset=RevisionAnnonce.objects.filter(statut__in=REVISIONS_EN_COURS),
            to_attr="revisions_en_cours",
        )
    )


def revision_en_cours(annonce: Annonce) -> RevisionAnnonce | None:
    if hasattr(annonce, "revisions_en_cours"):
        return annonce.revisions_en_cours[0] if annonce.revisions_en_cours else None
    return annonce.revisions.filter(statut__in=REVISIONS_EN_COURS).first()


def est_moderateur(user) -> bool:
    return bool(user is not None and user.is_authenticated and peut(user, "annonces.annonces_moderation"))


def annonces_publiques(today: datetime.date) -> QuerySet[Annonce]:
    return Annonce.objects.filter(publiques_q(today)).select_related("auteur").order_by("-publiee_le", "-id")


def annonces_visibles(user, today: datetime.date) -> QuerySet[Annonce]:
    """The public's ads; a doctor's own ads in every state; every ad for a moderator. Anything else: 404."""
    if est_moderateur(user):
        qs = Annonce.objects.all()
    elif user is not None and user.is_authenticated:
        qs = Annonce.objects.filter(publiques_q(today) | Q(auteur__user_id=user.pk))
    else:
        qs = Annonce.objects.filter(publiques_q(today))
    return avec_revision(qs).order_by("-publiee_le", "-id")


def annonces_du_medecin(medecin) -> QuerySet[Annonce]:
    return avec_revision(Annonce.objects.filter(auteur=medecin)).order_by("-cree_le", "-id")


def rechercher(qs: QuerySet[Annonce], *, categorie: str = "", commune: str = "", sens: str = "") -> QuerySet[Annonce]:
    """The public search: by category, by town (case and accents ignored, a part of the name is enough), by sense."""
    if categorie:
        qs = qs.filter(categorie=categorie)
    if sens:
        qs = qs.filter(sens=sens)
    if commune.strip():
        qs = qs.annotate(commune_normalisee=Normalise("commune")).filter(
            commune_normalisee__contains=normaliser(commune.strip())
        )
    return qs
