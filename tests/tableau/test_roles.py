"""The staff groups (config/roles.py): declared as data, synchronised after migrate, sensible permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from config.roles import GROUPES, groupes_synchroniser
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_les_quatre_groupes_des_services_existent_apres_migrate():
    # post_migrate ran when the test database was created: no explicit call here.
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Accueil",
        "Service du tableau",
        "Comptabilité",
        "Service juridique",
    }


def test_la_synchronisation_donne_exactement_les_permissions_declarees_et_est_idempotente():
    groupe = Group.objects.get(name="Accueil")
    groupe.permissions.add(Permission.objects.get(codename="delete_medecin"))
    groupes_synchroniser()
    groupes_synchroniser()
    for nom, apps in GROUPES.items():
        attendues = {
            f"{app}.{action}_{modele}"
            for app, modeles in apps.items()
            for modele, actions in modeles.items()
            for action in actions
        }
        obtenues = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=nom).permissions.select_related("content_type")
        }
        assert obtenues == attendues, nom


def test_chaque_permission_declaree_correspond_a_un_modele_existant():
    connues = set(Permission.objects.values_list("content_type__app_label", "codename"))
    for apps in GROUPES.values():
        for app, modeles in apps.items():
            for modele, actions in modeles.items():
                for action in actions:
                    assert (app, f"{action}_{modele}") in connues, f"{app}.{action}_{modele}"


@pytest.mark.parametrize(
    ("groupe", "permises", "refusees"),
    [
        (
            "accueil",
            {"view_medecin", "view_changementstatut", "add_declarationperteordonnances"},
            {"add_medecin", "change_medecin", "change_declarationperteordonnances", "add_societe"},
        ),
        (
            "tableau",
            {"view_medecin", "add_medecin", "change_medecin", "add_societe", "change_societe", "add_qualification"},
            {"delete_medecin", "delete_societe", "change_changementstatut", "add_changementstatut"},
        ),
        ("comptabilite", {"view_medecin", "view_societe", "view_changementstatut"}, {"add_medecin", "change_medecin"}),
        (
            "juridique",
            {"view_medecin", "view_changementstatut", "view_declarationperteordonnances"},
            {"add_medecin", "change_medecin", "add_declarationperteordonnances"},
        ),
    ],
)
def test_les_droits_de_chaque_service_sur_le_tableau(groupe, permises, refusees):
    agent = StaffFactory(groupe=groupe)
    for codename in permises:
        assert agent.has_perm(f"tableau.{codename}"), codename
    for codename in refusees:
        assert not agent.has_perm(f"tableau.{codename}"), codename


def test_aucun_service_ne_supprime_une_fiche_ni_n_ecrit_l_historique_du_statut():
    # A record leaves the tableau by a status (radié, transféré, décédé), never by deletion; the status history is
    # written only by the services.
    for apps in GROUPES.values():
        tableau = apps.get("tableau", {})
        assert "delete" not in tableau.get("medecin", ())
        assert set(tableau.get("changementstatut", ())) <= {"view"}
