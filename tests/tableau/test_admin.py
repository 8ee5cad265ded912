"""The register's back-office: saves through the services, status through its own page, history, export, import."""

import csv
import datetime
import io
import re
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tableau.importation import fichier_importer
from tableau.models import (
    ChangementStatut,
    DeclarationPerteOrdonnances,
    Medecin,
    Qualification,
    Societe,
    Statut,
)
from tableau.services import medecin_modifier
from tests import factories
from tests.factories import MedecinFactory, StaffFactory, rpps_valide

JOUR_IMPORT = datetime.date(2026, 4, 14)

LISTE = "/admin/tableau/medecin/"
AJOUT = "/admin/tableau/medecin/add/"


def gestion_inlines(reponse) -> dict:
    """The management forms of the page's inlines, as the browser would send them back."""
    donnees = {}
    for inline in reponse.context["inline_admin_formsets"]:
        formset = inline.formset
        for nom, valeur in formset.management_form.initial.items():
            donnees[f"{formset.prefix}-{nom}"] = valeur
    return donnees


def fiche(**valeurs):
    donnees = {
        "rpps": rpps_valide(555),
        "nom": "Lacoste",
        "prenom": "Jeanne",
        "sexe": "F",
        "date_naissance": "1979-06-21",
        "nationalite": "française",
        "statut": "demande",
        "exercice": "liberal",
    }
    donnees.update(valeurs)
    return donnees


@pytest.fixture
def admin_tableau(client, staff_tableau):
    client.force_login(staff_tableau)
    return client


@pytest.fixture
def admin_accueil(client, db):
    agent = StaffFactory(groupe="accueil")
    client.force_login(agent)
    client.agent = agent
    return client


def test_un_agent_du_service_du_tableau_ajoute_un_medecin_par_le_service(admin_tableau, staff_tableau):
    page = admin_tableau.get(AJOUT)
    assert page.status_code == 200
    reponse = admin_tableau.post(AJOUT, {**fiche(), **gestion_inlines(page)})
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors if reponse.context else reponse
    medecin = Medecin.objects.get(rpps=rpps_valide(555))
    assert medecin.history.get().history_user == staff_tableau
    changement = ChangementStatut.objects.get(medecin=medecin)  # written by medecin_creer
    assert (changement.ancien_statut, changement.nouveau_statut) == ("", Statut.DEMANDE)


def test_un_agent_de_l_accueil_ne_peut_pas_ajouter_de_medecin(admin_accueil):
    assert admin_accueil.get(AJOUT).status_code == 403
    assert admin_accueil.post(AJOUT, fiche()).status_code == 403
    assert not Medecin.objects.exists()
    assert admin_accueil.get(LISTE).status_code == 200


def test_une_saisie_invalide_dans_l_admin_affiche_le_message_en_francais_et_rien_n_est_ecrit(admin_tableau):
    page = admin_tableau.get(AJOUT)
    reponse = admin_tableau.post(
        AJOUT, {**fiche(rpps="12345678901", date_naissance="2999-01-01"), **gestion_inlines(page)}
    )
    assert reponse.status_code == 200
    erreurs = reponse.context["adminform"].form.errors
    assert "clé de contrôle" in erreurs["rpps"][0]
    assert "futur" in erreurs["date_naissance"][0]
    assert not Medecin.objects.exists()


def test_modifier_une_fiche_dans_l_admin_passe_par_le_service_et_garde_l_historique(admin_tableau, medecin):
    url = f"{LISTE}{medecin.pk}/change/"
    page = admin_tableau.get(url)
    assert "statut" not in page.context["adminform"].form.fields  # read-only on an existing record
    assert "Changer le statut" in page.content.decode()
    form = page.context["adminform"].form
    donnees = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    donnees.update(gestion_inlines(page), email="nouvelle@exemple.fr", date_naissance="1975-05-12")
    donnees.pop("opposition_annuaire", None)
    donnees.pop("premiere_inscription", None)
    reponse = admin_tableau.post(url, donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    medecin.refresh_from_db()
    medecin.user.refresh_from_db()
    assert medecin.email == "nouvelle@exemple.fr"
    assert medecin.user.email == "nouvelle@exemple.fr"  # user.email follows medecin.email
    assert medecin.history.first().email == "nouvelle@exemple.fr"
    historique = admin_tableau.get(f"{LISTE}{medecin.pk}/history/")
    assert historique.status_code == 200
    assert "nouvelle@exemple.fr" in historique.content.decode()


def test_la_page_changer_le_statut_applique_un_passage_autorise(admin_tableau, medecin, staff_tableau):
    url = f"{LISTE}{medecin.pk}/statut/"
    page = admin_tableau.get(url)
    assert page.status_code == 200
    assert "Statuts possibles" in page.content.decode()
    reponse = admin_tableau.post(url, {"statut": "radie", "date": "2026-03-01", "motif": "Décision du 28/02/2026"})
    assert reponse.status_code == 302
    medecin.refresh_from_db()
    assert medecin.statut == Statut.RADIE
    changement = ChangementStatut.objects.get(medecin=medecin, nouveau_statut=Statut.RADIE)
    assert (str(changement.date), changement.motif, changement.saisi_par) == (
        "2026-03-01",
        "Décision du 28/02/2026",
        staff_tableau,
    )


def test_la_page_changer_le_statut_affiche_l_erreur_en_francais_d_un_passage_interdit(admin_tableau, medecin):
    reponse = admin_tableau.post(f"{LISTE}{medecin.pk}/statut/", {"statut": "demande", "date": "2026-03-01"})
    assert reponse.status_code == 200
    assert "Passage impossible de « Inscrit » à « Demande reçue »" in reponse.content.decode()
    medecin.refresh_from_db()
    assert medecin.statut == Statut.INSCRIT


def test_l_accueil_ne_peut_pas_changer_le_statut(admin_accueil, medecin):
    assert (
        admin_accueil.post(f"{LISTE}{medecin.pk}/statut/", {"statut": "radie", "date": "2026-03-01"}).status_code == 403
    )
    medecin.refresh_from_db()
    assert medecin.statut == Statut.INSCRIT


def test_la_fiche_montre_l_historique_date_du_statut(admin_accueil, medecin):
    ChangementStatut.objects.create(
        medecin=medecin, ancien_statut="en_instruction", nouveau_statut="inscrit", date="2015-09-01", motif="Séance"
    )
    page = admin_accueil.get(f"{LISTE}{medecin.pk}/change/")
    assert page.status_code == 200
    assert "historique du statut" in page.content.decode().lower()
    assert "01/09/2015" in page.content.decode()


def test_la_recherche_trouve_par_nom_ou_par_rpps_et_les_filtres_par_statut(admin_accueil):
    a = MedecinFactory(nom="Castaing")
    b = MedecinFactory(nom="Bordas", statut=Statut.RADIE)
    assert list(admin_accueil.get(LISTE, {"q": "casta"}).context["cl"].result_list) == [a]
    assert list(admin_accueil.get(LISTE, {"q": b.rpps}).context["cl"].result_list) == [b]
    assert list(admin_accueil.get(LISTE, {"statut__exact": "radie"}).context["cl"].result_list) == [b]
    assert list(admin_accueil.get(LISTE, {"exercice__exact": "salarie"}).context["cl"].result_list) == []


def _exporter(client, format_index):
    page = client.get(f"{LISTE}export/")
    assert page.status_code == 200
    form = page.context["form"]
    donnees = {nom: "on" for nom, champ in form.fields.items() if getattr(champ, "is_selectable_field", False)}
    donnees.update(format=str(format_index), resource="0")
    reponse = client.post(f"{LISTE}export/", donnees)
    assert reponse.status_code == 200
    return reponse


def test_l_export_csv_reprend_les_noms_de_l_api_et_se_reimporte_sans_changement(admin_accueil, db):
    MedecinFactory(nom="Élie", opposition_annuaire=True)
    MedecinFactory(nom="Brun", statut=Statut.RADIE)
    reponse = _exporter(admin_accueil, 0)
    assert reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig"))))
    assert {"rpps", "nom", "statut", "exercice", "date_naissance", "premiere_inscription"} <= set(lignes[0])
    assert {ligne["statut"] for ligne in lignes} == {"inscrit", "radie"}
    assert lignes[0]["date_naissance"] == "1975-05-12"
    resultat = fichier_importer(fichier=reponse.content, par=factories.systeme(), today=JOUR_IMPORT)
    assert resultat == {"crees": 0, "modifies": 0, "inchanges": 2}


def test_l_export_xlsx_du_tableau(admin_accueil, medecin):
    reponse = _exporter(admin_accueil, 1)
    classeur = openpyxl.load_workbook(io.BytesIO(reponse.content))
    lignes = list(classeur.active.iter_rows(values_only=True))
    assert lignes[0][:3] == ("id", "rpps", "nom")
    assert lignes[1][1] == medecin.rpps


def test_la_page_d_import_cree_les_medecins_ou_liste_les_erreurs_sans_rien_ecrire(admin_tableau):
    entete = "rpps;nom;prenom;sexe;date_naissance;statut;exercice\n"
    bon = f"{rpps_valide(1)};Roux;Anne;F;01/02/1970;inscrit;liberal\n"
    mauvais = f"{rpps_valide(2)};Vidal;Paul;M;01/02/1970;inscrit;astronaute\n"
    fichier = SimpleUploadedFile("t.csv", (entete + bon + mauvais).encode("cp1252"), content_type="text/csv")
    reponse = admin_tableau.post(f"{LISTE}importer/", {"fichier": fichier})
    assert reponse.status_code == 200
    assert "Ligne 3, champ « exercice »" in reponse.content.decode()
    assert not Medecin.objects.exists()
    fichier = SimpleUploadedFile("t.csv", (entete + bon).encode("cp1252"), content_type="text/csv")
    assert admin_tableau.post(f"{LISTE}importer/", {"fichier": fichier}).status_code == 302
    assert Medecin.objects.get().nom == "Roux"


def test_l_accueil_n_a_pas_la_page_d_import(admin_accueil):
    assert admin_accueil.get(f"{LISTE}importer/").status_code == 403


def test_le_service_du_tableau_ajoute_une_societe_avec_ses_associes(admin_tableau, staff_tableau):
    gerant, associe = MedecinFactory.create_batch(2)
    page = admin_tableau.get("/admin/tableau/societe/add/")
    reponse = admin_tableau.post(
        "/admin/tableau/societe/add/",
        {
            "raison_sociale": "SCP Montaigne",
            "forme": "SCP",
            "statut": "inscrit",
            "gerant": gerant.pk,
            "associes": [gerant.pk, associe.pk],
            **gestion_inlines(page),
        },
    )
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    societe = Societe.objects.get()
    assert set(societe.associes.all()) == {gerant, associe}
    assert societe.history.first().history_user == staff_tableau


def test_l_accueil_enregistre_une_declaration_de_perte_d_ordonnances(admin_accueil, medecin):
    reponse = admin_accueil.post(
        "/admin/tableau/declarationperteordonnances/add/",
        {"medecin": medecin.pk, "nature": "perte", "date_faits": "2026-01-05", "quantite": "2"},
    )
    assert reponse.status_code == 302
    declaration = DeclarationPerteOrdonnances.objects.get()
    assert declaration.declaree_par == admin_accueil.agent
    assert declaration.history.first().history_user == admin_accueil.agent


def test_une_declaration_de_perte_datee_dans_le_futur_est_refusee(admin_accueil, medecin):
    reponse = admin_accueil.post(
        "/admin/tableau/declarationperteordonnances/add/",
        {"medecin": medecin.pk, "nature": "perte", "date_faits": "2999-01-05"},
    )
    assert reponse.status_code == 200
    assert "ne peut pas être dans le futur" in reponse.content.decode()
    assert not DeclarationPerteOrdonnances.objects.exists()


def test_la_liste_propose_l_export_a_tous_et_l_import_au_seul_service_du_tableau(client, db):
    client.force_login(StaffFactory(groupe="accueil"))
    page = client.get(LISTE).content.decode()
    assert f"{LISTE}export/" in page and f"{LISTE}importer/" not in page
    client.force_login(StaffFactory(groupe="tableau"))
    page = client.get(LISTE).content.decode()
    assert f"{LISTE}export/" in page and f"{LISTE}importer/" in page


def test_l_historique_se_consulte_mais_ne_permet_pas_de_revenir_a_une_version(admin_tableau, medecin):
    medecin_modifier(
        medecin=medecin, donnees={"nom": "Nouveau"}, par=factories.systeme(), today=datetime.date(2026, 4, 14)
    )
    version = medecin.history.last()  # the oldest
    url = f"{LISTE}{medecin.pk}/history/{version.history_id}/"
    assert admin_tableau.get(url).status_code == 200
    assert admin_tableau.post(url, {"nom": version.nom}).status_code == 403
    medecin.refresh_from_db()
    assert medecin.nom == "Nouveau"


def test_ajouter_un_medecin_avec_une_qualification_enregistre_les_deux(admin_tableau):
    page = admin_tableau.get(AJOUT)
    gestion = gestion_inlines(page)
    gestion["qualifications-TOTAL_FORMS"] = 1
    reponse = admin_tableau.post(
        AJOUT,
        {
            **fiche(),
            **gestion,
            "qualifications-0-type": "specialite",
            "qualifications-0-intitule": "Médecine générale",
            "qualifications-0-date": "2010-10-01",
        },
    )
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors if reponse.context else reponse
    medecin = Medecin.objects.get(rpps=rpps_valide(555))
    assert list(medecin.qualifications.values_list("intitule", flat=True)) == ["Médecine générale"]


def test_l_historique_de_chaque_element_de_la_fiche_est_visible_et_le_statut_n_y_est_jamais_saisi(admin_tableau):
    qualification = Qualification.objects.create(medecin=MedecinFactory(), intitule="Pédiatrie", date="2010-01-01")
    assert admin_tableau.get(f"/admin/tableau/qualification/{qualification.pk}/history/").status_code == 200
    assert admin_tableau.get("/admin/tableau/changementstatut/").status_code == 200
    assert admin_tableau.get("/admin/tableau/changementstatut/add/").status_code == 403


# --- the pages staff read: in French, accessible, nothing offered that the workflow refuses -------------------------


def _options(html: str, nom: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{nom}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (valeur, libelle.strip(), "selected" in attributs)
        for valeur, attributs, libelle in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)
    ]


@pytest.mark.parametrize(
    ("statut", "proposes"),
    [
        (Statut.INSCRIT, ["transfere", "radie", "decede"]),
        (Statut.DEMANDE, ["en_instruction", "refuse"]),
        (Statut.REFUSE, ["demande"]),
    ],
)
def test_le_changement_de_statut_ne_propose_que_les_passages_permis_sans_choix_d_avance(
    admin_tableau, statut, proposes
):
    medecin = MedecinFactory(statut=statut)
    html = admin_tableau.get(f"{LISTE}{medecin.pk}/statut/").content.decode()
    options = _options(html, "statut")
    assert [valeur for valeur, _, _ in options] == ["", *proposes]
    # No status chosen in advance (a refusal least of all): the page starts on the prompt.
    assert [(valeur, libelle) for valeur, libelle, choisi in options if choisi] == [
        ("", "Choisissez le nouveau statut")
    ]
    # Sent without a choice: refused, nothing written.
    reponse = admin_tableau.post(f"{LISTE}{medecin.pk}/statut/", {"statut": "", "date": "2026-03-01"})
    assert reponse.status_code == 200 and "Ce champ est obligatoire." in reponse.content.decode()
    assert Medecin.objects.get(pk=medecin.pk).statut == statut
    assert not ChangementStatut.objects.filter(medecin=medecin).exists()


def test_un_medecin_decede_n_a_plus_de_formulaire_de_changement_de_statut(admin_tableau):
    medecin = MedecinFactory(statut=Statut.DECEDE)
    html = admin_tableau.get(f"{LISTE}{medecin.pk}/statut/").content.decode()
    assert "Aucun changement n'est possible depuis ce statut." in html
    assert '<select name="statut"' not in html


def test_l_historique_d_une_fiche_est_en_francais_et_nomme_ses_auteurs(admin_tableau, staff_tableau):
    from django.contrib.auth import get_user_model

    jour = datetime.date(2026, 4, 14)
    medecin = MedecinFactory(avec_compte=True, nom="Vialard")
    medecin_modifier(medecin=medecin, donnees={"telephone": "05 53 12 34 56"}, par=factories.systeme(), today=jour)
    parti = StaffFactory(first_name="Paul", last_name="Départ", groupe="tableau")
    medecin_modifier(medecin=medecin, donnees={"exercice": "salarie"}, par=parti, today=jour)
    get_user_model().objects.filter(pk=parti.pk).delete()  # the author's login is gone since
    medecin_modifier(medecin=medecin, donnees={"opposition_annuaire": True}, par=staff_tableau, today=jour)

    reponse = admin_tableau.get(f"{LISTE}{medecin.pk}/history/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    texte = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert f"<h1>Historique des modifications : {medecin}</h1>" in html
    for anglais in ("Historique de vue", "Changes", "CHANGES", "None", "Deleted", "pk="):
        assert anglais not in texte, anglais
    assert "Traitement automatique" in texte  # the system user, by its name
    assert "Utilisateur supprimé ou inconnu" in texte
    assert staff_tableau.get_full_name() in texte
    assert "Mode d'exercice : Libéral → Salarié" in texte  # labels of choices, not codes
    assert "Opposition à la publication des coordonnées : non → oui" in texte
    assert "Téléphone : 05 53 00 00 00 → 05 53 12 34 56" in texte


def test_la_page_d_export_nomme_les_colonnes_en_francais(admin_accueil):
    html = admin_accueil.get(f"{LISTE}export/").content.decode()
    for libelle in ("Tout sélectionner", "Numéro RPPS", "Date de naissance", "Mode d&#x27;exercice", "Exporter"):
        assert libelle in html, libelle
    for brut in ("Select all", "Date Naissance", "Premiere Inscription", ">Rpps<", 'value="Submit"'):
        assert brut not in html, brut
    assert '<label style="font-weight: bold;" for="tout-selectionner">' in html
    assert 'id="tout-selectionner"' in html


def test_les_champs_des_lignes_de_la_fiche_sont_nommes_pour_les_lecteurs_d_ecran(admin_tableau):
    medecin = MedecinFactory()
    qualification = Qualification.objects.create(medecin=medecin, intitule="Pédiatrie", date=datetime.date(2010, 1, 1))
    html = admin_tableau.get(f"{LISTE}{medecin.pk}/change/").content.decode()
    champ = re.search(r'<input[^>]+name="qualifications-0-intitule"[^>]*>', html).group(0)
    assert f'aria-label="Intitulé – {qualification}"' in champ
    select = re.search(r'<select[^>]+name="qualifications-0-type"[^>]*>', html).group(0)
    assert f'aria-label="Type – {qualification}"' in select
    assert 'aria-label="Supprimer – ' in html
    # The rows a new line is made from are named too.
    assert 'name="lieux-__prefix__-ville"' in html and "Ville – nouvelle ligne (lieu d&#x27;exercice)" in html
    assert '<th class="original"></th>' not in html
