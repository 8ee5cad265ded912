"""Contracts communicated to the council (L4113-9; seed 000): a doctor sends his contract as a PDF judged by its
content, flagged late when received more than a month after signing; the commission d'étude des contrats gives a
motivated opinion, a member concerned stepping aside; the doctor is told by e-mail and in his espace."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.models import Envoi
from contrats.models import Contrat, LienContrat
from contrats.services import hors_delai
from tests import factories
from tests.factories import PDF_MINIMAL

from .conftest import JOUR

pytestmark = pytest.mark.django_db

MOTIVATION = (
    "La clause de non-concurrence de l'article 9 couvre tout le département pendant cinq ans : elle excède ce que "
    "l'article R4127-86 admet ; le reste du contrat respecte l'indépendance professionnelle du collaborateur."
)


def _pdf(nom="contrat.pdf", contenu=PDF_MINIMAL):
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


def _envoyer(api_client, user, **changes):
    api_client.force_authenticate(user)
    donnees = {"type": "collaboration", "date_signature": "2026-03-16", "fichier": _pdf(), **changes}
    return api_client.post("/api/contrats/", donnees, format="multipart")


def test_un_medecin_communique_son_contrat(api_client, medecin, jour):
    reponse = _envoyer(api_client, medecin.user)
    assert reponse.status_code == 201, reponse.content
    donnees = reponse.json()
    assert donnees["medecin"] == medecin.pk
    assert donnees["date_reception"] == "2026-04-16"
    assert donnees["statut"] == "recu"
    assert donnees["hors_delai"] is False
    contrat = Contrat.objects.get()
    assert default_storage.exists(contrat.fichier.name)
    assert contrat.nom_original == "contrat.pdf"


def test_recu_le_jour_du_mois_anniversaire_il_est_dans_le_delai(api_client, medecin, jour):
    assert _envoyer(api_client, medecin.user, date_signature="2026-03-16").json()["hors_delai"] is False


def test_recu_plus_d_un_mois_apres_sa_signature_il_est_hors_delai(api_client, medecin, jour):
    assert _envoyer(api_client, medecin.user, date_signature="2026-03-15").json()["hors_delai"] is True


def test_le_delai_d_un_mois_en_fin_de_mois():
    assert hors_delai(date_signature=datetime.date(2026, 1, 31), date_reception=datetime.date(2026, 2, 28)) is False
    assert hors_delai(date_signature=datetime.date(2026, 1, 31), date_reception=datetime.date(2026, 3, 1)) is True


def test_un_fichier_qui_n_est_pas_un_pdf_par_son_contenu_est_refuse_et_rien_n_est_ecrit(api_client, medecin, jour):
    faux = _pdf("contrat.pdf", b"PK\x03\x04 ceci est un document Word renomme")
    reponse = _envoyer(api_client, medecin.user, fichier=faux)
    assert reponse.status_code == 400
    assert "PDF" in reponse.json()["fichier"][0]
    assert not Contrat.objects.exists()
    assert not default_storage.exists("contrats") or not default_storage.listdir("contrats")[1]  # no file left


def test_une_image_renommee_en_pdf_est_refusee(api_client, medecin, jour):
    image = _pdf("contrat.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    assert _envoyer(api_client, medecin.user, fichier=image).status_code == 400
    assert not Contrat.objects.exists()


def test_un_type_hors_liste_est_refuse(api_client, medecin, jour):
    reponse = _envoyer(api_client, medecin.user, type="pret")
    assert reponse.status_code == 400 and "type" in reponse.json()
    assert not Contrat.objects.exists()


def test_une_signature_dans_le_futur_est_refusee(api_client, medecin, jour):
    reponse = _envoyer(api_client, medecin.user, date_signature="2026-04-17")
    assert reponse.status_code == 400 and "futur" in reponse.json()["date_signature"][0]
    assert not Contrat.objects.exists()


# --- who sees a contract ------------------------------------------------------------------------------------------


@pytest.fixture
def contrat(medecin):
    return factories.ContratFactory(medecin=medecin)


def _voir(api_client, user, contrat):
    api_client.force_authenticate(user)
    return api_client.get(f"/api/contrats/{contrat.pk}/")


def test_le_medecin_voit_son_contrat_et_pas_celui_d_un_autre(api_client, medecin, autre_medecin, contrat, jour):
    assert _voir(api_client, medecin.user, contrat).status_code == 200
    assert _voir(api_client, autre_medecin.user, contrat).status_code == 404
    assert api_client.get(f"/api/contrats/{contrat.pk}/fichier/").status_code == 404
    assert api_client.get("/api/contrats/").json()["count"] == 0


def test_le_medecin_telecharge_son_pdf(api_client, medecin, contrat, jour):
    api_client.force_authenticate(medecin.user)
    reponse = api_client.get(f"/api/contrats/{contrat.pk}/fichier/")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content).startswith(b"%PDF-")


def test_les_membres_de_la_commission_et_le_service_juridique_le_voient(api_client, contrat, jour, commission):
    assert _voir(api_client, commission["membres"][0].medecin.user, contrat).status_code == 200
    assert _voir(api_client, factories.StaffFactory(groupe="juridique"), contrat).status_code == 200
    assert _voir(api_client, factories.StaffFactory(groupe="comptabilite"), contrat).status_code == 403


# --- the opinion ---------------------------------------------------------------------------------------------------


def _avis(api_client, user, contrat, **changes):
    api_client.force_authenticate(user)
    donnees = {"avis": "reserves", "motivation": MOTIVATION, **changes}
    return api_client.post(f"/api/contrats/{contrat.pk}/avis/", donnees, format="json")


def test_un_membre_de_la_commission_rend_un_avis_motive(api_client, medecin, contrat, jour, commission):
    reponse = _avis(api_client, commission["membres"][0].medecin.user, contrat)
    assert reponse.status_code == 200, reponse.content
    donnees = reponse.json()
    assert donnees["statut"] == "avis_rendu"
    assert donnees["avis"] == "reserves"
    assert donnees["avis_le"] == "2026-04-16"
    assert Envoi.objects.filter(nature="contrat_avis").get().destinataire == medecin.email


def test_le_medecin_est_averti_par_courriel_avec_l_avis(api_client, medecin, contrat, jour, commission, mailoutbox):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        _avis(api_client, commission["membres"][0].medecin.user, contrat)
    (message,) = mailoutbox
    assert message.to == [medecin.email]
    assert "Avis favorable avec réserves" in message.body and "non-concurrence" in message.body


def test_le_service_juridique_enregistre_l_avis_de_la_commission(api_client, contrat, jour):
    reponse = _avis(api_client, factories.StaffFactory(groupe="juridique"), contrat, avis="favorable")
    assert reponse.status_code == 200 and reponse.json()["avis"] == "favorable"


def test_un_medecin_hors_commission_ne_rend_pas_d_avis(api_client, contrat, jour):
    reponse = _avis(api_client, factories.MembreFactory(avec_compte=True).medecin.user, contrat)
    assert reponse.status_code == 404  # he does not even see the contract
    contrat.refresh_from_db()
    assert contrat.statut == "recu" and not Envoi.objects.exists()


def test_un_autre_service_ne_rend_pas_d_avis(api_client, contrat, jour):
    assert _avis(api_client, factories.StaffFactory(groupe="comptabilite"), contrat).status_code == 403


def test_une_motivation_absente_ou_de_pure_forme_est_refusee(api_client, contrat, jour, commission):
    user = commission["membres"][0].medecin.user
    for motivation in ("", "Avis favorable.", "Vu le dossier, après en avoir délibéré, avis favorable."):
        reponse = _avis(api_client, user, contrat, motivation=motivation)
        assert reponse.status_code == 400 and "motivation" in reponse.json(), motivation
    contrat.refresh_from_db()
    assert contrat.statut == "recu" and contrat.motivation == "" and not Envoi.objects.exists()


def test_un_avis_hors_liste_est_refuse(api_client, contrat, jour, commission):
    reponse = _avis(api_client, commission["membres"][0].medecin.user, contrat, avis="neutre")
    assert reponse.status_code == 400 and "avis" in reponse.json()


def test_un_avis_rendu_ne_se_rend_pas_deux_fois(api_client, contrat, jour, commission):
    user = commission["membres"][0].medecin.user
    assert _avis(api_client, user, contrat).status_code == 200
    reponse = _avis(api_client, user, contrat, avis="defavorable")
    assert reponse.status_code == 400 and "déjà été rendu" in str(reponse.json())
    contrat.refresh_from_db()
    assert contrat.avis == "reserves"


def test_le_membre_dont_c_est_le_contrat_se_retire(api_client, jour, commission):
    membre = commission["membres"][0]
    contrat = factories.ContratFactory(medecin=membre.medecin)
    reponse = _avis(api_client, membre.medecin.user, contrat)
    assert reponse.status_code == 403
    assert "le vôtre" in reponse.json()["detail"] and "retire" in reponse.json()["detail"]
    contrat.refresh_from_db()
    assert contrat.statut == "recu" and not Envoi.objects.exists()


def test_le_membre_qui_a_declare_un_lien_se_retire_et_un_autre_rend_l_avis(api_client, contrat, jour, commission):
    concerne, autre = commission["membres"]
    api_client.force_authenticate(concerne.medecin.user)
    reponse = api_client.post(
        f"/api/contrats/{contrat.pk}/liens/", {"motif": "Associé du médecin dans la même SCP."}, format="json"
    )
    assert reponse.status_code == 201
    assert LienContrat.objects.get().membre == concerne
    refus = _avis(api_client, concerne.medecin.user, contrat)
    assert refus.status_code == 403 and "lien" in refus.json()["detail"]
    assert _avis(api_client, autre.medecin.user, contrat).status_code == 200


def test_la_mise_a_l_etude(api_client, contrat, jour, commission):
    api_client.force_authenticate(commission["membres"][0].medecin.user)
    reponse = api_client.post(f"/api/contrats/{contrat.pk}/etudier/")
    assert reponse.status_code == 200 and reponse.json()["statut"] == "en_etude"
    assert api_client.post(f"/api/contrats/{contrat.pk}/etudier/").status_code == 400
    assert _avis(api_client, commission["membres"][0].medecin.user, contrat).json()["statut"] == "avis_rendu"


# --- the espace -----------------------------------------------------------------------------------------------------


def test_l_espace_montre_l_avis_au_medecin(client, medecin, contrat, jour):
    contrat.statut, contrat.avis, contrat.motivation, contrat.avis_le = "avis_rendu", "reserves", MOTIVATION, JOUR
    contrat.save()
    client.force_login(medecin.user)
    assert "Avis favorable avec réserves" in client.get("/espace/contrats/").content.decode()
    page = client.get(f"/espace/contrats/{contrat.pk}/").content.decode()
    assert "non-concurrence" in page and "16/04/2026" in page


def test_l_espace_envoie_un_contrat_et_refuse_ce_qui_n_est_pas_un_pdf(client, medecin, jour):
    client.force_login(medecin.user)
    refus = client.post(
        "/espace/contrats/", {"type": "bail", "date_signature": "2026-04-01", "fichier": _pdf(contenu=b"GIF89a...")}
    )
    assert refus.status_code == 400 and "PDF" in refus.content.decode()
    assert not Contrat.objects.exists()
    reponse = client.post(
        "/espace/contrats/", {"type": "bail", "date_signature": "2026-03-01", "fichier": _pdf()}, follow=True
    )
    assert reponse.status_code == 200
    contrat = Contrat.objects.get()
    assert contrat.hors_delai and contrat.type == "bail"
    assert "hors délai" in reponse.content.decode()


def test_un_medecin_n_ouvre_pas_le_contrat_d_un_autre_dans_l_espace(client, autre_medecin, contrat, jour):
    client.force_login(autre_medecin.user)
    assert client.get(f"/espace/contrats/{contrat.pk}/").status_code == 404
    assert client.get(f"/espace/contrats/{contrat.pk}/fichier/").status_code == 404
