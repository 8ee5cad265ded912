"""A declaration of lost or stolen prescription pads reaches someone (issue 9, point 8): staff get a notice by
e-mail and a list of the declarations to handle in the admin, the doctor a receipt; both e-mails go through the
sends of commun (Celery)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commun.models import Envoi, EtatEnvoi, NatureEnvoi
from tableau import services
from tableau.models import DeclarationPerteOrdonnances
from tests import factories

pytestmark = pytest.mark.django_db

HIER = timezone.localdate() - datetime.timedelta(days=1)
LISTE = "/admin/tableau/declarationperteordonnances/"


@pytest.fixture
def client_medecin(client, medecin):
    client.force_login(medecin.user)
    return client


def _declarer(client_medecin, **donnees):
    return client_medecin.post(
        reverse("espace:ordonnances"),
        {
            "nature": "vol",
            "date_faits": HIER.isoformat(),
            "lieu": "Cabinet de Bergerac",
            "numeros": "A12-A40",
            **donnees,
        },
        follow=True,
    )


def test_la_declaration_du_medecin_avertit_le_service_et_lui_envoie_un_accuse(
    client_medecin, medecin, settings, django_capture_on_commit_callbacks
):
    settings.CDOM_EMAIL_TABLEAU = "tableau@cdom24.example"
    with django_capture_on_commit_callbacks(execute=True):
        reponse = _declarer(client_medecin)
    html = reponse.content.decode()
    assert f"Un accusé de réception vous est envoyé à {medecin.email}." in html
    declaration = DeclarationPerteOrdonnances.objects.get()
    par_adresse = {m.to[0]: m for m in mail.outbox}
    assert set(par_adresse) == {"tableau@cdom24.example", medecin.email}

    avis = par_adresse["tableau@cdom24.example"]
    assert avis.subject == f"Déclaration de vol d'ordonnances : Dr {medecin.nom_complet} (RPPS {medecin.rpps})"
    assert "par le médecin depuis son espace" in avis.body and "A12-A40" in avis.body
    assert f"/admin/tableau/declarationperteordonnances/{declaration.pk}/change/" in avis.body
    assert "&#x27;" not in avis.body  # plain text, not HTML-escaped

    accuse = par_adresse[medecin.email]
    assert accuse.subject == "Accusé de réception : déclaration de vol d'ordonnances"
    assert f"le docteur {medecin.nom_complet}" in accuse.body
    assert f"date des faits : {HIER:%d/%m/%Y}" in accuse.body
    # A theft without a complaint filed: the receipt reminds him to file one.
    assert "déposez aussi plainte" in accuse.body

    assert set(Envoi.objects.values_list("nature", "etat")) == {
        (NatureEnvoi.PERTE_ORDONNANCES_AVIS, EtatEnvoi.ENVOYE),
        (NatureEnvoi.PERTE_ORDONNANCES_ACCUSE, EtatEnvoi.ENVOYE),
    }


def test_sans_adresse_du_service_ni_du_medecin_rien_n_est_programme_mais_la_declaration_attend(
    settings, django_capture_on_commit_callbacks
):
    settings.CDOM_EMAIL_TABLEAU = ""
    medecin = factories.MedecinFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.declaration_perte_enregistrer(
            medecin=medecin, par=factories.systeme(), today=timezone.localdate(), nature="perte", date_faits=HIER
        )
    assert not Envoi.objects.exists() and mail.outbox == []
    assert declaration.traitee_le is None


def test_une_declaration_refusee_n_envoie_rien(medecin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.declaration_perte_enregistrer(
            medecin=medecin,
            par=factories.systeme(),
            today=timezone.localdate(),
            nature="perte",
            date_faits=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert not DeclarationPerteOrdonnances.objects.exists()
    assert not Envoi.objects.exists() and mail.outbox == []


def test_la_declaration_saisie_par_l_accueil_nomme_l_agent_dans_l_avis(
    client, medecin, django_capture_on_commit_callbacks
):
    agent = factories.StaffFactory(groupe="accueil", first_name="Sophie", last_name="Martin")
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LISTE}add/", {"medecin": medecin.pk, "nature": "perte", "date_faits": HIER.isoformat()})
    (avis,) = [m for m in mail.outbox if m.to != [medecin.email]]
    assert "par Sophie Martin" in avis.body and "Plainte déposée : non" in avis.body


@pytest.fixture
def declarations(medecin):
    nouvelle = services.declaration_perte_enregistrer(
        medecin=medecin, par=factories.systeme(), today=timezone.localdate(), nature="vol", date_faits=HIER
    )
    ancienne = services.declaration_perte_enregistrer(
        medecin=factories.MedecinFactory(nom="Ancienne"),
        par=factories.systeme(),
        today=timezone.localdate(),
        nature="perte",
        date_faits=HIER,
    )
    services.declaration_perte_traiter(declaration=ancienne, par=factories.systeme())
    return nouvelle, ancienne


def test_l_admin_liste_les_declarations_a_traiter(client, declarations):
    nouvelle, ancienne = declarations
    client.force_login(factories.StaffFactory(groupe="tableau"))
    html = client.get(LISTE, {"traitement": "a_traiter"}).content.decode()
    assert "À traiter" in html and "traitée le" in html.lower()
    assert f"{LISTE}{nouvelle.pk}/change/" in html and f"{LISTE}{ancienne.pk}/change/" not in html
    html = client.get(LISTE, {"traitement": "traitees"}).content.decode()
    assert f"{LISTE}{ancienne.pk}/change/" in html and f"{LISTE}{nouvelle.pk}/change/" not in html


def test_le_service_du_tableau_marque_une_declaration_traitee_avec_sa_date_et_son_auteur(client, declarations):
    nouvelle, ancienne = declarations
    agent = factories.StaffFactory(groupe="tableau")
    client.force_login(agent)
    reponse = client.post(LISTE, {"action": "traiter", "_selected_action": [nouvelle.pk]}, follow=True)
    assert "1 déclaration(s) marquée(s) comme traitée(s)." in reponse.content.decode()
    nouvelle.refresh_from_db()
    assert nouvelle.traitee_par == agent and nouvelle.traitee_le is not None
    assert nouvelle.history.first().history_user == agent


def test_une_declaration_deja_traitee_ne_se_traite_pas_deux_fois(declarations):
    _, ancienne = declarations
    traitee_le = DeclarationPerteOrdonnances.objects.get(pk=ancienne.pk).traitee_le
    with pytest.raises(ValidationError) as err:
        services.declaration_perte_traiter(declaration=ancienne, par=factories.StaffFactory(groupe="tableau"))
    assert "déjà traitée le" in err.value.message_dict["traitee_le"][0]
    ancienne.refresh_from_db()
    assert ancienne.traitee_le == traitee_le and ancienne.traitee_par == factories.systeme()  # unchanged


def test_l_accueil_ne_marque_pas_une_declaration_traitee(client, declarations):
    nouvelle, _ = declarations
    client.force_login(factories.StaffFactory(groupe="accueil"))
    html = client.get(LISTE).content.decode()
    assert "Marquer comme traitées" not in html
    client.post(LISTE, {"action": "traiter", "_selected_action": [nouvelle.pk]})
    nouvelle.refresh_from_db()
    assert nouvelle.traitee_le is None


def test_le_service_du_tableau_voit_et_renvoie_les_accuses_en_echec(client, declarations):
    nouvelle, _ = declarations
    Envoi.objects.update(etat=EtatEnvoi.ECHEC, derniere_erreur="SMTPConnectError : indisponible")
    client.force_login(factories.StaffFactory(groupe="tableau"))
    html = client.get(reverse("admin:commun_envoi_changelist")).content.decode()
    assert "Perte ou vol d&#x27;ordonnances : accusé de réception" in html
    assert "Renvoyer les envois en échec sélectionnés" in html


def test_le_service_du_tableau_corrige_une_declaration_et_l_historique_garde_ce_qui_fut_declare(declarations):
    nouvelle, _ = declarations
    accueil = factories.StaffFactory(groupe="accueil")
    with pytest.raises(PermissionDenied):
        services.declaration_perte_modifier(
            declaration=nouvelle, donnees={"numeros": "A1-A50"}, par=accueil, today=timezone.localdate()
        )
    agent = factories.StaffFactory(groupe="tableau")
    services.declaration_perte_modifier(
        declaration=nouvelle, donnees={"numeros": "A1-A50"}, par=agent, today=timezone.localdate()
    )
    nouvelle.refresh_from_db()
    assert nouvelle.numeros == "A1-A50"
    derniere, premiere = nouvelle.history.all()[0], nouvelle.history.all()[1]
    assert derniere.history_user == agent and premiere.numeros != "A1-A50"
    with pytest.raises(ValidationError) as err:
        services.declaration_perte_modifier(
            declaration=nouvelle, donnees={"medecin": factories.MedecinFactory()}, par=agent, today=timezone.localdate()
        )
    assert "medecin" in err.value.message_dict
