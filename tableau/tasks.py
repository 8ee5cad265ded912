"""The register's e-mails, sent by Celery (the pattern and its guarantees: commun/tasks.py). Ids in, one call."""

from celery import shared_task

from commun.tasks import OPTIONS_ENVOI, expedier

from . import courriels


@shared_task(name="tableau.perte_ordonnances_avis_envoyer", **OPTIONS_ENVOI)
def perte_ordonnances_avis_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.perte_ordonnances_avis)


@shared_task(name="tableau.perte_ordonnances_accuse_envoyer", **OPTIONS_ENVOI)
def perte_ordonnances_accuse_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.perte_ordonnances_accuse)


@shared_task(name="tableau.compte_medecin_lien_envoyer", **OPTIONS_ENVOI)
def compte_medecin_lien_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.compte_medecin_lien)


@shared_task(name="tableau.mot_de_passe_lien_envoyer", **OPTIONS_ENVOI)
def mot_de_passe_lien_envoyer(self, *, envoi_ids: list[int]) -> None:
    expedier(self, envoi_ids, composer=courriels.mot_de_passe_lien)
