"""python manage.py demo [--medecins N] (CONTRACT.md) and its service tableau.demo.demo_charger."""

import datetime
import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from commun.services import utilisateur_systeme
from config.roles import groupes_synchroniser
from tableau.demo import PREFIXE_RPPS, demo_charger
from tableau.models import (
    Activite,
    ChangementStatut,
    Exercice,
    LieuExercice,
    Medecin,
    Qualification,
    Societe,
    Statut,
)
from tableau.validators import valider_rpps

pytestmark = pytest.mark.django_db
User = get_user_model()
MODELES_HISTORISES = (Medecin, ChangementStatut, Qualification, LieuExercice, Activite, Societe)


@pytest.fixture(autouse=True)
def _debug(settings):
    # pytest-django runs with DEBUG off, which the command takes for a production install.
    settings.DEBUG = True


def demo(medecins: int) -> str:
    sortie = StringIO()
    call_command("demo", medecins=medecins, stdout=sortie)
    return sortie.getvalue()


def comptes_affiches(sortie: str) -> list[tuple[str, str]]:
    return re.findall(r"identifiant : (\S+)\s+mot de passe : (\S+)", sortie)


def se_connecte(username: str, password: str):
    # With the request django-axes needs (client.login() gives none).
    return authenticate(RequestFactory().post("/"), username=username, password=password)


def compter():
    return {m.__name__: m.objects.count() for m in MODELES_HISTORISES} | {"users": User.objects.count()}


def test_la_demo_cree_le_nombre_de_medecins_demande_aux_rpps_valides():
    demo(60)
    rpps = list(Medecin.objects.values_list("rpps", flat=True))
    assert len(rpps) == 60
    assert all(r.startswith(PREFIXE_RPPS) for r in rpps)
    for r in rpps:
        valider_rpps(r)  # raises on a bad Luhn key
    # bulk_create validates nothing: every row must pass the models' own validation (choices, postal codes…).
    for modele in (Medecin, ChangementStatut, Qualification, LieuExercice, Activite, Societe):
        for objet in modele.objects.all():
            objet.full_clean()


def test_chaque_ligne_creee_a_sa_ligne_d_historique_ecrite_par_l_utilisateur_systeme():
    demo(120)
    systeme = utilisateur_systeme()
    for modele in MODELES_HISTORISES:
        assert modele.objects.exists(), modele
        creations = modele.history.filter(history_type="+")
        assert creations.count() == modele.objects.count(), modele
        assert set(creations.values_list("history_user", flat=True)) == {systeme.pk}, modele
    # A history row holds the record as it was created, like one written by django-simple-history itself.
    medecin = Medecin.objects.filter(user__isnull=True).order_by("pk").last()
    creation = medecin.history.get()
    assert creation.history_change_reason == "Données de démonstration"
    assert creation.history_date is not None
    for champ in Medecin._meta.concrete_fields:
        assert getattr(creation, champ.attname) == getattr(medecin, champ.attname), champ.name
    # The companies' members are in their history too (what associes.set() would have written).
    HistoriqueAssocies = apps.get_model("tableau", "HistoricalSociete_associes")
    assert HistoriqueAssocies.objects.count() == Societe.associes.through.objects.count() > 0
    # Every doctor's status history ends on their current status.
    for medecin in Medecin.objects.prefetch_related("changements_statut"):
        dernier = list(medecin.changements_statut.all())[-1]
        assert (dernier.nouveau_statut, dernier.date) == (medecin.statut, medecin.date_statut)


def test_les_comptes_affiches_permettent_de_se_connecter():
    sortie = demo(50)
    comptes = comptes_affiches(sortie)
    assert len(comptes) == 4
    utilisateurs = [se_connecte(u, p) for u, p in comptes]
    assert all(utilisateurs), sortie
    admin, agent, medecin1, medecin2 = utilisateurs
    assert admin.is_superuser and admin.is_staff
    assert agent.is_staff and not agent.is_superuser
    assert list(agent.groups.values_list("name", flat=True)) == ["Service du tableau"]
    assert agent.has_perm("tableau.change_medecin")
    for user in (medecin1, medecin2):
        assert not user.is_staff
        assert user.medecin.rpps == user.username
        assert user.email == user.medecin.email
        assert user.medecin.statut == Statut.INSCRIT
    # Only the printed accounts get a password: the two doctors above, and the liquidateur and the trésorier whose
    # logins the trésorerie's line prints (they sign the expense chain, tresorerie/demo_chaine.py); the other
    # doctors have no login at all.
    assert Medecin.objects.filter(user__isnull=False).count() == 5
    liquidateur, tresorier = (
        Medecin.objects.get(mandats__fonctions__fonction=f).rpps for f in ("liquidateur", "tresorier")
    )
    assert f"liquidateur : identifiant {liquidateur}, trésorier : identifiant {tresorier}" in sortie


def test_une_seconde_execution_ne_duplique_rien_et_remet_les_mots_de_passe_affiches():
    premiere = demo(80)
    avant = compter()
    User.objects.filter(username="demo-admin").update(is_active=False)
    admin = User.objects.get(username="demo-admin")
    admin.set_password("autre-mot-de-passe-2027")
    admin.save()
    seconde = demo(80)
    assert compter() == avant
    assert comptes_affiches(seconde) == comptes_affiches(premiere)
    assert all(se_connecte(u, p) for u, p in comptes_affiches(seconde))
    assert "0 créés, 80 déjà présents" in seconde


def test_relancer_avec_plus_de_medecins_complete_sans_toucher_aux_existants():
    demo(40)
    premiers = dict(Medecin.objects.values_list("rpps", "nom"))
    demo(90)
    assert Medecin.objects.count() == 90
    assert {r: n for r, n in Medecin.objects.values_list("rpps", "nom") if r in premiers} == premiers
    assert Medecin.history.filter(history_type="+").count() == 90
    assert Societe.objects.count() == Societe.history.filter(history_type="+").count() == 2


def test_la_demo_melange_statuts_modes_d_exercice_oppositions_et_societes():
    demo(400)
    statuts = set(Medecin.objects.values_list("statut", flat=True))
    exercices = set(Medecin.objects.values_list("exercice", flat=True))
    inscrits = Medecin.objects.filter(statut=Statut.INSCRIT).count()
    assert 0.75 * 400 < inscrits < 0.95 * 400
    assert len(statuts) >= 5 and len(exercices) >= 7
    assert Exercice.RETRAITE_SANS_ACTIVITE in exercices
    assert 0 < Medecin.objects.filter(opposition_annuaire=True).count() < 0.2 * 400
    assert Qualification.objects.filter(intitule="Médecine générale").exists()
    assert LieuExercice.objects.filter(principal=True).count() > 0.5 * inscrits
    assert Medecin.objects.exclude(code_postal_correspondance__startswith="24").count() == 0
    societes = list(Societe.objects.prefetch_related("associes"))
    assert len(societes) == 10
    for societe in societes:
        assert societe.gerant in societe.associes.all()
        assert societe.associes.count() >= 2
        assert len(societe.siren) == 9


def test_le_nombre_de_requetes_ne_grandit_pas_avec_le_nombre_de_medecins():
    utilisateur_systeme()  # created once, outside the measure, like the staff groups
    groupes_synchroniser()

    def mesurer(n):
        with CaptureQueriesContext(connection) as requetes:
            demo_charger(medecins=n)
        Societe.objects.all().delete()
        Medecin.objects.all().delete()
        User.objects.exclude(username="systeme").delete()
        return [q["sql"] for q in requetes.captured_queries]

    def sans_insert(requetes):
        return sorted(q.split()[0] for q in requetes if not q.startswith("INSERT"))

    petit, grand = mesurer(50), mesurer(200)
    # No query per doctor: every SELECT/UPDATE is the same at both sizes; only the INSERT chunks may add
    # a few where the database caps the parameters of one statement (SQLite: 999).
    assert sans_insert(petit) == sans_insert(grand)
    assert len(grand) <= 1.5 * len(petit)
    if connection.vendor == "postgresql":
        assert len(grand) == len(petit)


def test_la_commande_refuse_une_installation_de_production_sans_forcer(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--forcer"):
        demo(10)
    assert not Medecin.objects.exists()
    call_command("demo", medecins=10, forcer=True, stdout=StringIO())
    assert Medecin.objects.count() == 10


def test_un_medecin_de_demo_ne_depend_que_de_son_rang_pas_du_jour():
    # A top-up run on another day must see the existing doctors as they were drawn (companies are built on them).
    from tableau.demo import _fiches

    def identites(today):
        return [
            (f.medecin.rpps, f.medecin.nom, f.medecin.prenom, f.medecin.statut, f.medecin.exercice)
            for f in _fiches(300, today)
        ]

    assert identites(datetime.date(2026, 1, 10)) == identites(datetime.date(2031, 12, 31))


def _lignes_estimees_par_le_planificateur() -> int:
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute("SELECT reltuples FROM pg_class WHERE relname = 'tableau_medecin'")
            return int(curseur.fetchone()[0])
        curseur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not curseur.fetchone()[0]:
            return 0
        curseur.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'tableau_medecin'")
        ligne = curseur.fetchone()
        return int(ligne[0].split()[0]) if ligne else 0


def test_apres_le_chargement_le_planificateur_connait_la_taille_des_tables():
    # Without fresh statistics PostgreSQL plans the first pages as if the register held ten rows.
    demo(40)
    assert _lignes_estimees_par_le_planificateur() >= 40


def test_les_liens_de_connexion_affiches_suivent_l_adresse_du_site(settings):
    settings.SITE_URL = "http://127.0.0.1:8001/"
    liens = re.findall(r"→ (\S+)", demo(10))
    assert len(liens) == 4
    assert set(liens) == {"http://127.0.0.1:8001/admin/", "http://127.0.0.1:8001/espace/connexion/"}


def test_make_run_donne_son_port_aux_liens_affiches_par_la_demo_et_aux_courriels(monkeypatch):
    # `make run PORT=8001` printed links to port 8000: the Makefile now hands SITE_URL to the demo and the server.
    import shutil
    import subprocess

    from django.conf import settings as reglages

    if shutil.which("make") is None:
        pytest.skip("make absent")
    monkeypatch.delenv("SITE_URL", raising=False)
    sortie = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8001"],
        cwd=reglages.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    demo_ligne = next(ligne for ligne in sortie.splitlines() if "manage.py demo" in ligne)
    serveur = next(ligne for ligne in sortie.splitlines() if "manage.py runserver" in ligne)
    assert demo_ligne.startswith("SITE_URL='http://127.0.0.1:8001' ")
    assert serveur.startswith("SITE_URL='http://127.0.0.1:8001' ") and serveur.endswith("127.0.0.1:8001")
