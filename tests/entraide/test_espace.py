"""The espace médecin's entraide pages: the guided questionnaire (family, professional and financial situation,
debts and creditors, procedures, what is asked) stored encrypted; a bad answer keeps what was typed, with a French
error beside its field, and writes nothing; the doctor's requests' status; documents joined to his own only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.models import Demande, PieceDemande
from tests import factories

URL = "/espace/entraide/"
SAISIE = {
    "beneficiaire": "medecin",
    "natures": ["financiere", "procedure_collective"],
    "situation": "Liquidation judiciaire du cabinet le 12 janvier 2026.",
    "q_situation_familiale": "marie_pacse",
    "q_enfants_a_charge": "3",
    "q_revenus_mensuels": "1 850,50",
    "q_dettes_montant": "23456",
    "q_creanciers": "URSSAF : 23 456 €",
    "q_procedure": "liquidation",
    "q_procedure_date": "2026-01-12",
    "q_aide_demandee": "Une aide pour le loyer du logement",
}


@pytest.mark.django_db
def test_le_questionnaire_guide_enregistre_la_demande_du_medecin(client, demandeur):
    client.force_login(demandeur.user)
    page = client.get(f"{URL}nouvelle/")
    contenu = page.content.decode()
    for rubrique in ("Situation familiale", "Situation professionnelle", "Situation financière", "Procédures en cours"):
        assert rubrique in contenu
    piece = SimpleUploadedFile("jugement.pdf", b"%PDF-1.4\njugement\n%%EOF")
    reponse = client.post(f"{URL}nouvelle/", {**SAISIE, "fichiers": piece})
    assert reponse.status_code == 302
    demande = Demande.objects.get()
    assert demande.medecin == demandeur and demande.deposee_par == demandeur.user
    assert demande.questionnaire["revenus_mensuels"] == "1850.50"
    assert demande.questionnaire["procedure"] == "liquidation"
    assert PieceDemande.objects.get().nom_original == "jugement.pdf"
    suivi = client.get(reponse["Location"]).content.decode()
    assert demande.numero in suivi and "Déposée" in suivi and "jugement.pdf" in suivi
    assert "Liquidation judiciaire" not in suivi  # not even his own words come back: status and dates only


@pytest.mark.django_db
def test_une_saisie_fautive_reaffiche_ce_qui_a_ete_tape_avec_l_erreur_a_cote(client, demandeur):
    client.force_login(demandeur.user)
    reponse = client.post(f"{URL}nouvelle/", {**SAISIE, "q_revenus_mensuels": "beaucoup", "natures": []})
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "indiquez un montant en euros" in contenu and "Cochez au moins une nature" in contenu
    assert 'value="beaucoup"' in contenu and "URSSAF : 23 456 €" in contenu and "Liquidation judiciaire" in contenu
    assert not Demande.objects.exists()


@pytest.mark.django_db
def test_un_document_refuse_ne_laisse_ni_demande_ni_fichier(client, demandeur, settings):
    client.force_login(demandeur.user)
    faux = SimpleUploadedFile("releve.pdf", b"PK\x03\x04 une archive")
    reponse = client.post(f"{URL}nouvelle/", {**SAISIE, "fichiers": faux})
    assert reponse.status_code == 400 and "choisissez-les à nouveau" in reponse.content.decode()
    assert not Demande.objects.exists() and not PieceDemande.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else True


@pytest.mark.django_db
def test_la_liste_montre_le_statut_de_ses_seules_demandes(client, demande, demandeur):
    autre = factories.DemandeEntraideFactory()
    client.force_login(demandeur.user)
    contenu = client.get(URL).content.decode()
    assert demande.numero in contenu and autre.numero not in contenu
    assert client.get(f"{URL}{autre.pk}/").status_code == 404


@pytest.mark.django_db
def test_le_medecin_joint_un_document_a_sa_demande(client, demande, demandeur):
    client.force_login(demandeur.user)
    reponse = client.post(
        f"{URL}{demande.pk}/", {"fichiers": SimpleUploadedFile("echeancier.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)}
    )
    assert reponse.status_code == 302
    assert PieceDemande.objects.get(demande=demande).nom_original == "echeancier.png"
