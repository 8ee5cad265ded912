"""The register's API as CONTRACT.md fixes it: fields, roles, errors in French under the field's name."""

import datetime

import pytest
from django.core.management import call_command

from tableau.models import ChangementStatut, Medecin, Societe, Statut
from tests.factories import MOT_DE_PASSE, MedecinFactory, SocieteFactory, StaffFactory, rpps_valide

URL = "/api/medecins/"


def nouveau(**valeurs):
    donnees = {
        "rpps": rpps_valide(777),
        "nom": "Durand",
        "prenom": "Camille",
        "sexe": "F",
        "date_naissance": "1985-04-12",
        "email": "camille.durand@exemple.fr",
        "statut": "inscrit",
        "date_inscription": "2024-09-02",
        "premiere_inscription": True,
        "exercice": "liberal",
    }
    donnees.update(valeurs)
    return donnees


@pytest.fixture
def client_tableau(api_client, staff_tableau):
    api_client.force_authenticate(staff_tableau)
    return api_client


def client_jeton(api_client, medecin):
    reponse = api_client.post("/api/auth/token/", {"username": medecin.rpps, "password": MOT_DE_PASSE})
    assert reponse.status_code == 200, reponse.content
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reponse.json()['token']}")
    return api_client


def test_un_jeton_refuse_pour_un_mauvais_mot_de_passe_repond_400_detail_en_francais(api_client, medecin):
    reponse = api_client.post("/api/auth/token/", {"username": medecin.rpps, "password": "pas-le-bon"})
    assert reponse.status_code == 400
    assert list(reponse.json()) == ["detail"]
    assert "Impossible de se connecter" in reponse.json()["detail"][0]


# --- staff ---


def test_le_service_du_tableau_inscrit_un_medecin_et_l_historique_du_statut_commence(client_tableau, staff_tableau):
    reponse = client_tableau.post(URL, nouveau(), format="json")
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    attendus = {
        "id",
        "rpps",
        "nom",
        "prenom",
        "sexe",
        "date_naissance",
        "email",
        "statut",
        "date_inscription",
        "premiere_inscription",
        "exercice",
        "telephone",
        "adresse_professionnelle",
        "opposition_annuaire",
    }
    assert attendus <= set(corps)
    assert corps["date_inscription"] == "2024-09-02" and corps["premiere_inscription"] is True
    medecin = Medecin.objects.get(pk=corps["id"])
    assert medecin.history.get().history_user == staff_tableau
    changement = ChangementStatut.objects.get(medecin=medecin)
    assert (changement.nouveau_statut, changement.date) == (Statut.INSCRIT, datetime.date(2024, 9, 2))


@pytest.mark.parametrize(
    ("champ", "valeur", "extrait"),
    [
        ("rpps", "1234567890", "11 chiffres"),
        ("rpps", "12345678901", "clé de contrôle"),
        ("rpps", "1234567890²", "11 chiffres"),
        ("exercice", "astronaute", "Mode d'exercice inconnu : « astronaute »"),
        ("statut", "suspendu", "Statut inconnu : « suspendu »"),
        ("sexe", "X", "Sexe inconnu"),
        ("date_naissance", "2999-01-01", "ne peut pas être dans le futur"),
        ("email", "pas-une-adresse", "adresse"),
        ("code_postal_professionnel", "2400", "5 chiffres"),
        ("code_postal_professionnel", "２４０００", "5 chiffres"),
    ],
)
def test_une_saisie_invalide_est_refusee_en_400_avec_un_message_en_francais_sous_le_champ(
    client_tableau, champ, valeur, extrait
):
    reponse = client_tableau.post(URL, nouveau(**{champ: valeur}), format="json")
    assert reponse.status_code == 400
    assert list(reponse.json()) == [champ]
    assert extrait in reponse.json()[champ][0]
    assert not Medecin.objects.exists()


def test_un_rpps_deja_au_tableau_est_refuse_en_400_sur_rpps(client_tableau):
    MedecinFactory(rpps=rpps_valide(777))
    reponse = client_tableau.post(URL, nouveau(), format="json")
    assert reponse.status_code == 400
    assert reponse.json()["rpps"] == ["Un médecin portant ce numéro RPPS figure déjà au tableau."]


def test_les_champs_obligatoires_manquants_sont_nommes(client_tableau):
    reponse = client_tableau.post(URL, {"nom": "Seul"}, format="json")
    assert reponse.status_code == 400
    assert {"rpps", "prenom", "sexe", "date_naissance", "statut", "exercice"} <= set(reponse.json())
    assert reponse.json()["prenom"] == ["Ce champ est obligatoire."]


def test_la_liste_est_paginee_et_filtrable_par_statut_et_cherchable_par_nom_ou_rpps(client_tableau):
    a = MedecinFactory(nom="Castaing", statut=Statut.INSCRIT)
    b = MedecinFactory(nom="Bordas", statut=Statut.RADIE)
    MedecinFactory(nom="Delpech", statut=Statut.INSCRIT)
    corps = client_tableau.get(URL).json()
    assert set(corps) == {"count", "next", "previous", "results"} and corps["count"] == 3
    assert [r["nom"] for r in corps["results"]] == ["Bordas", "Castaing", "Delpech"]
    assert [r["id"] for r in client_tableau.get(URL, {"statut": "radie"}).json()["results"]] == [b.pk]
    assert [r["id"] for r in client_tableau.get(URL, {"search": "casta"}).json()["results"]] == [a.pk]
    assert [r["id"] for r in client_tableau.get(URL, {"search": a.rpps}).json()["results"]] == [a.pk]


def test_un_filtre_de_statut_inconnu_est_refuse_en_400(client_tableau):
    reponse = client_tableau.get(URL, {"statut": "suspendu"})
    assert reponse.status_code == 400
    assert "statut" in reponse.json()


def test_le_personnel_change_le_statut_par_les_passages_du_tableau(client_tableau, staff_tableau):
    medecin = MedecinFactory(statut=Statut.INSCRIT)
    reponse = client_tableau.patch(f"{URL}{medecin.pk}/", {"statut": "radie"}, format="json")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "radie"
    assert ChangementStatut.objects.filter(medecin=medecin, ancien_statut="inscrit", nouveau_statut="radie").exists()


def test_un_passage_de_statut_interdit_est_refuse_en_400_sur_statut_et_rien_n_est_ecrit(client_tableau):
    medecin = MedecinFactory(statut=Statut.DECEDE, ville_professionnelle="Périgueux")
    reponse = client_tableau.patch(
        f"{URL}{medecin.pk}/", {"statut": "inscrit", "ville_professionnelle": "Sarlat"}, format="json"
    )
    assert reponse.status_code == 400
    assert "Passage impossible" in reponse.json()["statut"][0]
    medecin.refresh_from_db()
    assert (medecin.statut, medecin.ville_professionnelle) == (Statut.DECEDE, "Périgueux")


def test_le_personnel_modifie_l_email_et_le_compte_du_medecin_suit(client_tableau, medecin):
    reponse = client_tableau.patch(f"{URL}{medecin.pk}/", {"email": "nouvelle@exemple.fr"}, format="json")
    assert reponse.status_code == 200
    medecin.user.refresh_from_db()
    assert medecin.user.email == "nouvelle@exemple.fr"


def test_put_et_delete_ne_sont_pas_proposes(client_tableau, medecin):
    assert client_tableau.put(f"{URL}{medecin.pk}/", nouveau(), format="json").status_code == 405
    assert client_tableau.delete(f"{URL}{medecin.pk}/").status_code == 405


@pytest.mark.parametrize("groupe", ["accueil", "comptabilite", "juridique"])
def test_les_autres_services_consultent_le_tableau_sans_pouvoir_l_ecrire(api_client, groupe, medecin):
    api_client.force_authenticate(StaffFactory(groupe=groupe))
    assert api_client.get(URL).json()["count"] == 1
    assert api_client.post(URL, nouveau(), format="json").status_code == 403
    assert api_client.patch(f"{URL}{medecin.pk}/", {"nom": "X"}, format="json").status_code == 403
    assert not Medecin.objects.filter(nom="X").exists()


def test_un_agent_sans_groupe_n_a_acces_a_rien(api_client, medecin):
    api_client.force_authenticate(StaffFactory())
    assert api_client.get(URL).status_code == 403


def test_un_superutilisateur_peut_tout_faire(api_client, superuser):
    api_client.force_authenticate(superuser)
    assert api_client.post(URL, nouveau(), format="json").status_code == 201


def test_sans_identification_l_api_repond_401_ou_403(api_client, medecin):
    assert api_client.get(URL).status_code in (401, 403)
    assert api_client.get(f"{URL}{medecin.pk}/").status_code in (401, 403)


# --- a doctor with a token ---


def test_un_medecin_ne_voit_que_sa_fiche_dans_la_liste(api_client, medecin, autre_medecin):
    corps = client_jeton(api_client, medecin).get(URL).json()
    assert corps["count"] == 1
    assert [r["rpps"] for r in corps["results"]] == [medecin.rpps]


def test_la_fiche_d_un_autre_medecin_est_404(api_client, medecin, autre_medecin):
    client = client_jeton(api_client, medecin)
    assert client.get(f"{URL}{autre_medecin.pk}/").status_code == 404
    assert client.patch(f"{URL}{autre_medecin.pk}/", {"email": "x@exemple.fr"}, format="json").status_code == 404
    assert client.get(f"{URL}{medecin.pk}/").json()["rpps"] == medecin.rpps


def test_un_medecin_ne_peut_pas_creer_de_fiche(api_client, medecin):
    assert client_jeton(api_client, medecin).post(URL, nouveau(), format="json").status_code == 403


def test_un_medecin_modifie_ses_coordonnees_et_son_compte_suit_l_email(api_client, medecin):
    reponse = client_jeton(api_client, medecin).patch(
        f"{URL}{medecin.pk}/",
        {"email": "moi@exemple.fr", "telephone": "05 53 11 22 33", "ville_correspondance": "Bergerac"},
        format="json",
    )
    assert reponse.status_code == 200, reponse.json()
    medecin.refresh_from_db()
    medecin.user.refresh_from_db()
    assert (medecin.email, medecin.telephone, medecin.ville_correspondance) == (
        "moi@exemple.fr",
        "05 53 11 22 33",
        "Bergerac",
    )
    assert medecin.user.email == "moi@exemple.fr"
    assert medecin.history.first().history_user == medecin.user


@pytest.mark.parametrize(
    "champ, valeur",
    [
        ("statut", "radie"),
        ("nom", "Autre"),
        ("rpps", rpps_valide(5)),
        ("opposition_annuaire", True),
        ("exercice", "salarie"),
    ],
)
def test_un_medecin_qui_modifie_un_autre_champ_recoit_400_nommant_ce_champ(api_client, medecin, champ, valeur):
    avant = Medecin.objects.values().get(pk=medecin.pk)
    reponse = client_jeton(api_client, medecin).patch(
        f"{URL}{medecin.pk}/", {champ: valeur, "email": "moi@exemple.fr"}, format="json"
    )
    assert reponse.status_code == 400
    assert list(reponse.json()) == [champ]
    assert "service du tableau" in reponse.json()[champ][0]
    assert Medecin.objects.values().get(pk=medecin.pk) == avant


def test_un_medecin_qui_saisit_un_code_postal_faux_recoit_400(api_client, medecin):
    reponse = client_jeton(api_client, medecin).patch(
        f"{URL}{medecin.pk}/", {"code_postal_correspondance": "ABCDE"}, format="json"
    )
    assert reponse.status_code == 400
    assert "5 chiffres" in reponse.json()["code_postal_correspondance"][0]


# --- query budgets ---

# --- companies ---


def test_le_service_du_tableau_inscrit_une_societe_avec_son_gerant_et_ses_associes(client_tableau, staff_tableau):
    gerant, associe = MedecinFactory.create_batch(2)
    reponse = client_tableau.post(
        "/api/societes/",
        {
            "raison_sociale": "SELARL du Périgord",
            "forme": "SEL",
            "statut": "inscrit",
            "date_inscription": "2025-01-06",
            "gerant": gerant.pk,
            "associes": [gerant.pk, associe.pk],
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["gerant"] == gerant.pk and sorted(corps["associes"]) == sorted([gerant.pk, associe.pk])
    societe = Societe.objects.get(pk=corps["id"])
    assert societe.history.first().history_user == staff_tableau
    liste = client_tableau.get("/api/societes/").json()
    assert liste["count"] == 1 and liste["results"][0]["raison_sociale"] == "SELARL du Périgord"


def test_une_societe_de_forme_inconnue_ou_d_associe_inconnu_est_refusee(client_tableau):
    reponse = client_tableau.post(
        "/api/societes/",
        {"raison_sociale": "SCM", "forme": "SCM", "associes": [987654]},
        format="json",
    )
    assert reponse.status_code == 400
    assert "Forme de société inconnue" in reponse.json()["forme"][0] or "inconnu" in reponse.json()["forme"][0]
    assert "987654" in reponse.json()["associes"][0]
    assert not Societe.objects.exists()


def test_le_service_du_tableau_modifie_les_associes_d_une_societe(client_tableau):
    societe = SocieteFactory(associes=[MedecinFactory()])
    nouvel = MedecinFactory()
    reponse = client_tableau.patch(f"/api/societes/{societe.pk}/", {"associes": [nouvel.pk]}, format="json")
    assert reponse.status_code == 200
    assert reponse.json()["associes"] == [nouvel.pk]


def test_un_medecin_voit_les_societes_dont_il_est_associe_mais_ne_les_modifie_pas(api_client, medecin):
    societe = SocieteFactory(associes=[medecin])
    SocieteFactory()
    client = client_jeton(api_client, medecin)
    assert [s["id"] for s in client.get("/api/societes/").json()["results"]] == [societe.pk]
    assert client.patch(f"/api/societes/{societe.pk}/", {"raison_sociale": "X"}, format="json").status_code == 403
    assert client.post("/api/societes/", {"raison_sociale": "X", "forme": "SEL"}, format="json").status_code == 403


# --- schema and docs ---


def test_le_schema_openapi_et_la_documentation_repondent(client_tableau):
    assert client_tableau.get("/api/schema/").status_code == 200
    reponse = client_tableau.get("/api/docs/")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_le_schema_est_genere_sans_avertissement(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/medecins/{id}/" in schema and "/api/societes/" in schema


def test_un_medecin_ne_voit_pas_les_societes_dont_il_n_est_pas_membre(api_client, medecin):
    autre = SocieteFactory()
    assert client_jeton(api_client, medecin).get(f"/api/societes/{autre.pk}/").status_code == 404
