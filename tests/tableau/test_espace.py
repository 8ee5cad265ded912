"""The espace médecin: login by RPPS, own record only, contact details with history, lost prescription pads,
password reset."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commun.models import Envoi, NatureEnvoi
from tableau import urls_espace
from tableau.models import DeclarationPerteOrdonnances, LieuExercice, Medecin, Qualification, Statut
from tableau.services import medecin_changer_statut
from tests import factories

pytestmark = pytest.mark.django_db

# Their query budgets: tests/tableau/test_requetes.py.
PAGES_ESPACE = ["espace:accueil", "espace:coordonnees", "espace:publication_annuaire", "espace:ordonnances"]


@pytest.fixture
def client_medecin(client, medecin):
    client.force_login(medecin.user)
    return client


def _coordonnees(medecin, **changements):
    donnees = {
        "adresse_correspondance": medecin.adresse_correspondance,
        "code_postal_correspondance": medecin.code_postal_correspondance,
        "ville_correspondance": medecin.ville_correspondance,
        "adresse_professionnelle": medecin.adresse_professionnelle,
        "code_postal_professionnel": medecin.code_postal_professionnel,
        "ville_professionnelle": medecin.ville_professionnelle,
        "telephone": medecin.telephone,
        "email": medecin.email,
    }
    donnees.update(changements)
    return donnees


# --- Connexion -------------------------------------------------------------------------------------------------


def test_la_page_de_connexion_demande_le_numero_rpps_et_le_mot_de_passe(client):
    reponse = client.get(reverse("espace:connexion"))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert re.search(r'<label for="id_username"[^>]*>Numéro RPPS', html)
    assert re.search(r'<label for="id_password"[^>]*>Mot de passe', html)
    assert "<title>Connexion à l'espace médecin" in html


def test_un_medecin_se_connecte_avec_son_rpps_et_arrive_sur_sa_fiche(client, medecin):
    reponse = client.post(
        reverse("espace:connexion"), {"username": medecin.rpps, "password": factories.MOT_DE_PASSE}, follow=True
    )
    assert reponse.redirect_chain[-1][0] == reverse("espace:accueil")
    assert medecin.rpps in reponse.content.decode()


def test_un_mauvais_mot_de_passe_est_refuse_avec_un_message_en_francais(client, medecin):
    reponse = client.post(reverse("espace:connexion"), {"username": medecin.rpps, "password": "faux-mot-de-passe"})
    assert reponse.status_code == 200
    assert "Numéro RPPS ou mot de passe incorrect" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_les_pages_de_l_espace_redirigent_vers_la_connexion_sans_session(client):
    for nom in PAGES_ESPACE:
        reponse = client.get(reverse(nom))
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("espace:connexion") + "?next=")


def test_la_deconnexion_se_fait_par_post_et_pas_par_un_simple_lien(client_medecin):
    assert client_medecin.get(reverse("espace:deconnexion")).status_code == 405
    assert "_auth_user_id" in client_medecin.session
    reponse = client_medecin.post(reverse("espace:deconnexion"))
    assert reponse.status_code == 302
    assert "_auth_user_id" not in client_medecin.session


def test_un_membre_du_personnel_sans_fiche_de_medecin_voit_une_page_qui_l_oriente_vers_le_back_office(
    client, staff_tableau
):
    client.force_login(staff_tableau)
    for nom in PAGES_ESPACE:
        reponse = client.get(reverse(nom))
        html = reponse.content.decode()
        assert reponse.status_code == 403
        assert "Espace réservé aux médecins" in html
        assert reverse("admin:index") in html


def test_les_formulaires_de_l_espace_exigent_le_jeton_csrf(medecin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(medecin.user)
    reponse = client.post(reverse("espace:coordonnees"), _coordonnees(medecin, ville_correspondance="Sarlat"))
    assert reponse.status_code == 403
    medecin.refresh_from_db()
    assert medecin.ville_correspondance != "Sarlat"


# --- Fiche ---------------------------------------------------------------------------------------------------


@pytest.fixture
def medecin_complet(medecin, staff_tableau):
    Qualification.objects.create(medecin=medecin, intitule="Médecine générale", date=datetime.date(2015, 6, 1))
    LieuExercice.objects.create(
        medecin=medecin,
        principal=True,
        intitule="Cabinet du Bugue",
        adresse="1 place",
        code_postal="24260",
        ville="Le Bugue",
    )
    factories.SocieteFactory(raison_sociale="SELARL du Bugue", gerant=medecin)
    medecin_changer_statut(
        medecin=medecin, statut=Statut.TRANSFERE, par=staff_tableau, date=datetime.date(2020, 1, 1), motif="Départ"
    )
    return Medecin.objects.get(pk=medecin.pk)


def test_la_fiche_montre_identite_statut_qualifications_lieux_societes_et_historique(client, medecin_complet):
    client.force_login(medecin_complet.user)
    html = client.get(reverse("espace:accueil")).content.decode()
    for attendu in (
        medecin_complet.rpps,
        medecin_complet.nom.upper(),
        "Transféré",
        "01/01/2020",
        "Libéral",
        "12 rue Wilson",
        "Médecine générale",
        "Cabinet du Bugue",
        "SELARL du Bugue",
        "Départ",
    ):
        assert attendu in html, attendu


def test_un_medecin_ne_voit_que_sa_propre_fiche(client, medecin, autre_medecin):
    client.force_login(medecin.user)
    html = client.get(reverse("espace:accueil")).content.decode()
    assert medecin.rpps in html
    assert autre_medecin.rpps not in html
    # No URL of the espace takes an id: there is nothing to tamper with (the password link carries a signed token).
    parametres = {nom for motif in urls_espace.urlpatterns for nom in motif.pattern.converters}
    assert parametres == {"uidb64", "token"}


# --- Coordonnées -----------------------------------------------------------------------------------------------


def test_le_medecin_corrige_son_adresse_de_correspondance_et_l_historique_le_nomme(client_medecin, medecin):
    reponse = client_medecin.post(
        reverse("espace:coordonnees"),
        _coordonnees(
            medecin,
            adresse_correspondance="3 allée des Tilleuls",
            code_postal_correspondance="24200",
            ville_correspondance="Sarlat-la-Canéda",
            email="nouvelle.adresse@medecins.example",
        ),
        follow=True,
    )
    assert "Vos coordonnées ont été enregistrées." in reponse.content.decode()
    medecin.refresh_from_db()
    assert medecin.ville_correspondance == "Sarlat-la-Canéda"
    dernier = medecin.history.first()
    assert dernier.history_user == medecin.user
    assert dernier.ville_correspondance == "Sarlat-la-Canéda"
    assert dernier.prev_record.ville_correspondance == ""
    medecin.user.refresh_from_db()
    assert medecin.user.email == "nouvelle.adresse@medecins.example"  # User.email follows Medecin.email


def test_un_code_postal_mal_forme_est_signale_a_cote_du_champ_et_rien_n_est_enregistre(client_medecin, medecin):
    avant = medecin.history.count()
    reponse = client_medecin.post(
        reverse("espace:coordonnees"),
        _coordonnees(
            medecin, code_postal_correspondance="75", ville_correspondance="Paris", adresse_correspondance="1 rue"
        ),
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Le code postal doit comporter 5 chiffres." in html
    assert 'id="id_code_postal_correspondance_error"' in html
    assert re.search(r'name="code_postal_correspondance" value="75"[^>]*aria-invalid="true"', html)
    assert 'value="Paris"' in html  # what was typed is kept
    assert "<title>Erreur" in html
    medecin.refresh_from_db()
    assert medecin.ville_correspondance == ""
    assert medecin.history.count() == avant


def test_une_adresse_electronique_invalide_est_refusee_en_francais(client_medecin, medecin):
    reponse = client_medecin.post(reverse("espace:coordonnees"), _coordonnees(medecin, email="pas-une-adresse"))
    assert "Saisissez une adresse e-mail valide." in reponse.content.decode()
    medecin.refresh_from_db()
    assert medecin.email != "pas-une-adresse"


def test_le_formulaire_de_coordonnees_ne_peut_pas_changer_un_autre_champ(client_medecin, medecin):
    donnees = _coordonnees(medecin, statut=Statut.RADIE, nom="Pirate", rpps="00000000000", opposition_annuaire="on")
    client_medecin.post(reverse("espace:coordonnees"), donnees)
    medecin.refresh_from_db()
    assert (medecin.statut, medecin.opposition_annuaire) == (Statut.INSCRIT, False)
    assert medecin.nom != "Pirate"


# --- Ordonnances -----------------------------------------------------------------------------------------------


def test_le_medecin_declare_un_vol_d_ordonnances_qui_apparait_dans_sa_liste(client_medecin, medecin, autre_medecin):
    DeclarationPerteOrdonnances.objects.create(
        medecin=autre_medecin, nature="perte", date_faits=datetime.date(2024, 1, 1), lieu="Chez l'autre"
    )
    hier = timezone.localdate() - datetime.timedelta(days=1)
    reponse = client_medecin.post(
        reverse("espace:ordonnances"),
        {"nature": "vol", "date_faits": hier.isoformat(), "lieu": "Cabinet de Bergerac", "quantite": "2"},
        follow=True,
    )
    html = reponse.content.decode()
    assert "Votre déclaration a été enregistrée" in html
    declaration = DeclarationPerteOrdonnances.objects.get(medecin=medecin)
    assert (declaration.nature, declaration.date_faits, declaration.declaree_par) == ("vol", hier, medecin.user)
    assert declaration.history.first().history_user == medecin.user
    assert "Cabinet de Bergerac" in html
    assert "Chez l'autre" not in html


def test_une_declaration_datee_dans_le_futur_est_refusee(client_medecin, medecin):
    demain = timezone.localdate() + datetime.timedelta(days=1)
    reponse = client_medecin.post(
        reverse("espace:ordonnances"), {"nature": "perte", "date_faits": demain.isoformat(), "lieu": "Gare"}
    )
    html = reponse.content.decode()
    assert "La date des faits ne peut pas être dans le futur." in html
    assert 'id="id_date_faits_error"' in html
    assert not DeclarationPerteOrdonnances.objects.exists()


# --- Mot de passe ----------------------------------------------------------------------------------------------


def _lien(message):
    """The path of the e-mailed link (its base is settings.SITE_URL: the task has no request)."""
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def _demander_un_lien(client, valeur, on_commit):
    # The e-mail leaves from a task once the request's transaction commits (eager in the tests).
    with on_commit(execute=True):
        return client.post(reverse("espace:mot_de_passe"), {"email": valeur})


@pytest.mark.parametrize("saisie", ["rpps", "email"])
def test_le_medecin_recoit_un_lien_par_rpps_ou_par_courriel_et_choisit_un_nouveau_mot_de_passe(
    client, medecin, saisie, django_capture_on_commit_callbacks
):
    valeur = medecin.rpps if saisie == "rpps" else medecin.email.upper()
    reponse = _demander_un_lien(client, valeur, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("espace:mot_de_passe_envoye")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [medecin.email]
    assert "mot de passe" in message.subject
    assert medecin.rpps in message.body
    chemin = _lien(message)
    reponse = client.get(chemin, follow=True)
    formulaire = reponse.redirect_chain[-1][0]
    nouveau = "Un-nouveau-mot-de-passe-2027"
    reponse = client.post(formulaire, {"new_password1": nouveau, "new_password2": nouveau}, follow=True)
    assert "Mot de passe enregistré" in reponse.content.decode()
    medecin.user.refresh_from_db()
    assert medecin.user.check_password(nouveau)


def test_une_saisie_inconnue_ne_revele_pas_l_existence_d_un_compte(client, medecin, django_capture_on_commit_callbacks):
    reponse = _demander_un_lien(client, "99999999999", django_capture_on_commit_callbacks)
    assert reponse["Location"] == reverse("espace:mot_de_passe_envoye")
    assert mail.outbox == []


def _lien_accepte(client, chemin) -> bool:
    reponse = client.get(chemin, follow=True)
    return (
        reponse.status_code == 200
        and reponse.context["validlink"]
        and "Enregistrer le mot de passe" in (reponse.content.decode())
    )


def test_la_demande_programme_un_envoi_dont_le_lien_fonctionne_sans_que_le_jeton_soit_enregistre(
    client, medecin, django_capture_on_commit_callbacks
):
    reponse = _demander_un_lien(client, medecin.rpps, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("espace:mot_de_passe_envoye")
    envoi = Envoi.objects.get()
    assert (envoi.nature, envoi.objet, envoi.destinataire, envoi.lot) == (
        NatureEnvoi.MOT_DE_PASSE_LIEN,
        medecin.user,
        medecin.email,
        1,
    )
    assert envoi.etat == "envoye" and envoi.demande_par is None  # asked by a visitor, not logged in
    chemin = _lien(mail.outbox[0])
    # The token is made by the task and e-mailed; the database never holds it.
    jeton = chemin.rstrip("/").rsplit("/", 1)[1]
    assert jeton not in str(list(Envoi.objects.values())) + str(list(Envoi.history.values()))
    assert _lien_accepte(client, chemin)


def test_demander_deux_fois_envoie_deux_liens_qui_fonctionnent(client, medecin, django_capture_on_commit_callbacks):
    _demander_un_lien(client, medecin.email, django_capture_on_commit_callbacks)
    _demander_un_lien(client, medecin.rpps, django_capture_on_commit_callbacks)
    assert sorted(Envoi.objects.values_list("lot", "etat")) == [(1, "envoye"), (2, "envoye")]
    assert [m.to for m in mail.outbox] == [[medecin.email], [medecin.email]]
    assert all(_lien_accepte(client, _lien(m)) for m in mail.outbox)


def test_une_saisie_inconnue_ne_programme_rien_et_la_page_est_la_meme(
    client, medecin, django_capture_on_commit_callbacks
):
    inconnue = _demander_un_lien(client, "inconnu@exemple.fr", django_capture_on_commit_callbacks)
    assert not Envoi.objects.exists() and mail.outbox == []
    connue = _demander_un_lien(client, medecin.email, django_capture_on_commit_callbacks)
    assert Envoi.objects.count() == 1
    assert (inconnue.status_code, inconnue["Location"]) == (connue.status_code, connue["Location"])
    assert client.get(inconnue["Location"]).content == client.get(connue["Location"]).content


def test_un_mot_de_passe_trop_simple_est_refuse_en_francais(client, medecin, django_capture_on_commit_callbacks):
    _demander_un_lien(client, medecin.rpps, django_capture_on_commit_callbacks)
    chemin = _lien(mail.outbox[0])
    formulaire = client.get(chemin, follow=True).redirect_chain[-1][0]
    reponse = client.post(formulaire, {"new_password1": "12345678", "new_password2": "12345678"})
    html = reponse.content.decode()
    assert "Ce mot de passe est trop court" in html
    medecin.user.refresh_from_db()
    assert medecin.user.check_password(factories.MOT_DE_PASSE)


def test_un_lien_deja_utilise_n_est_plus_valable(client, medecin, django_capture_on_commit_callbacks):
    _demander_un_lien(client, medecin.rpps, django_capture_on_commit_callbacks)
    chemin = _lien(mail.outbox[0])
    formulaire = client.get(chemin, follow=True).redirect_chain[-1][0]
    client.post(formulaire, {"new_password1": "Premier-choix-2027!", "new_password2": "Premier-choix-2027!"})
    reponse = client.get(chemin, follow=True)
    assert "Ce lien n'est plus valable" in reponse.content.decode()


def test_les_pages_de_l_espace_n_appellent_aucune_ressource_exterieure(client_medecin):
    for nom in [*PAGES_ESPACE, "espace:mot_de_passe", "annuaire:recherche"]:
        html = client_medecin.get(reverse(nom)).content.decode()
        externes = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert externes == [], (nom, externes)


def test_apres_cinq_echecs_la_connexion_est_bloquee_avec_une_page_en_francais(client, medecin, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        client.post(reverse("espace:connexion"), {"username": medecin.rpps, "password": "mauvais"})
    reponse = client.post(reverse("espace:connexion"), {"username": medecin.rpps, "password": factories.MOT_DE_PASSE})
    html = reponse.content.decode()
    assert reponse.status_code == 429
    assert "Compte temporairement bloqué" in html
    assert "<title>Compte temporairement bloqué" in html
    assert "_auth_user_id" not in client.session


def test_une_declaration_sans_nature_ni_date_est_refusee_en_francais(client_medecin):
    reponse = client_medecin.post(reverse("espace:ordonnances"), {"lieu": "Gare"})
    html = reponse.content.decode()
    assert html.count("Ce champ est obligatoire.") == 2
    assert "---------" not in html  # the nature is a choice between two radio buttons, none pre-selected
    assert 'value="Gare"' in html
    assert not DeclarationPerteOrdonnances.objects.exists()


# --- Opposition to the publication in the annuaire (RGPD art. 21) ------------------------------------------------


def test_le_medecin_s_oppose_lui_meme_a_la_publication_de_ses_coordonnees_et_l_historique_le_nomme(
    client_medecin, medecin
):
    medecin.telephone, medecin.ville_professionnelle = "05 53 44 55 66", "Nontron"
    medecin.save()
    annuaire = reverse("annuaire:recherche")
    assert "05 53 44 55 66" in client_medecin.get(annuaire, {"q": medecin.nom}).content.decode()
    page = client_medecin.get(reverse("espace:publication_annuaire"))
    assert page.status_code == 200
    assert "droit d'opposition" in page.content.decode()
    assert page.context["form"]["opposition"].value() == "non"  # the current choice, not a default

    reponse = client_medecin.post(reverse("espace:publication_annuaire"), {"opposition": "oui"}, follow=True)
    assert "Votre opposition est enregistrée" in reponse.content.decode()
    medecin.refresh_from_db()
    assert medecin.opposition_annuaire is True
    ligne = medecin.history.first()
    assert (ligne.opposition_annuaire, ligne.history_user_id) == (True, medecin.user_id)
    html = client_medecin.get(annuaire, {"q": medecin.nom}).content.decode()
    assert medecin.rpps in html and "05 53 44 55 66" not in html and "Nontron" not in html
    assert "Vos coordonnées ne sont pas publiées" in client_medecin.get(reverse("espace:accueil")).content.decode()

    # The opposition is withdrawn the same way; each change is its own history row.
    client_medecin.post(reverse("espace:publication_annuaire"), {"opposition": "non"})
    medecin.refresh_from_db()
    assert medecin.opposition_annuaire is False
    assert list(medecin.history.values_list("opposition_annuaire", flat=True)[:2]) == [False, True]
    assert "05 53 44 55 66" in client_medecin.get(annuaire, {"q": medecin.nom}).content.decode()


def test_sans_choix_le_formulaire_d_opposition_est_refuse_en_francais_et_rien_n_est_ecrit(client_medecin, medecin):
    lignes = medecin.history.count()
    reponse = client_medecin.post(reverse("espace:publication_annuaire"), {})
    assert reponse.status_code == 400
    assert "Choisissez si vos coordonnées sont publiées ou non." in reponse.content.decode()
    medecin.refresh_from_db()
    assert medecin.opposition_annuaire is False and medecin.history.count() == lignes


def test_le_meme_choix_renvoye_n_ecrit_pas_de_ligne_d_historique(client_medecin, medecin):
    lignes = medecin.history.count()
    assert client_medecin.post(reverse("espace:publication_annuaire"), {"opposition": "non"}).status_code == 302
    assert medecin.history.count() == lignes
