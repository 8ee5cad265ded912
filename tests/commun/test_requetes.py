"""Query budgets of the shared kit's pages (tests/commun/query_counts.json, tests/requetes.py)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.requetes import connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db


def test_la_liste_des_envois(client):
    """The sends about doctors' declarations, as the register's staff see them: each row's object is read in one
    query per kind of object."""
    from django.contrib.contenttypes.models import ContentType

    from commun.models import Envoi, EtatEnvoi, NatureEnvoi

    connecter_personnel(client, "commun.envoi")

    def peupler(n):
        for _ in range(n):
            declaration = factories.DeclarationPerteOrdonnancesFactory()
            Envoi.objects.create(
                nature=NatureEnvoi.PERTE_ORDONNANCES_ACCUSE,
                tache="tableau.perte_ordonnances_accuse_envoyer",
                type_objet=ContentType.objects.get_for_model(declaration),
                objet_id=declaration.pk,
                destinataire=f"medecin{declaration.pk}@exemple.fr",
                etat=EtatEnvoi.ECHEC,
            )

    verifier_requetes(client, reverse("admin:commun_envoi_changelist"), peupler=peupler, contient="@exemple.fr")


# entraide-dossier (issue 12): the council's bounded settings (the log's retention).
def test_la_liste_des_parametres(client):
    from commun.models import Parametre

    connecter_personnel(client, "commun.parametre")
    compteur = iter(range(10_000))

    def peupler(n):
        for _ in range(n):
            i = next(compteur)
            Parametre.objects.create(cle=f"essai_{i}", libelle=f"Paramètre d'essai {i}", valeur=1, minimum=0, maximum=2)

    verifier_requetes(client, reverse("admin:commun_parametre_changelist"), peupler=peupler)
