"""The back-office of the requests: the entraide's staff read a file (each opening of its page, history, past
version and document logged with the address, the log shown on the page), file one for a doctor, write the
commission's notes; other services' staff do not even see the entries; the référent is never the trésorier."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.models import JournalAcces
from entraide import services
from entraide.models import Demande, ReferentEntraide
from tests import factories

ADMIN = "/admin/entraide/demande/"


@pytest.mark.django_db
def test_la_page_d_une_demande_consigne_sa_lecture_et_montre_le_journal(client, demande, staff_entraide):
    client.force_login(staff_entraide)
    reponse = client.get(f"{ADMIN}{demande.pk}/change/", REMOTE_ADDR="192.0.2.50")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Liquidation judiciaire du cabinet" in contenu and "Journal des accès" in contenu
    assert "192.0.2.50" in contenu
    ligne = JournalAcces.objects.get()
    assert (ligne.utilisateur, ligne.adresse, ligne.accorde) == (staff_entraide, "192.0.2.50", True)
    client.get(f"{ADMIN}{demande.pk}/history/", REMOTE_ADDR="192.0.2.50")
    version = demande.history.first().history_id
    assert client.get(f"{ADMIN}{demande.pk}/history/{version}/").status_code == 200
    assert JournalAcces.objects.filter(utilisateur=staff_entraide).count() == 3


@pytest.mark.django_db
def test_le_telechargement_d_un_document_depuis_l_admin_est_consigne(client, demande, staff_entraide, demandeur):
    contenu = b"%PDF-1.4\nbilan 2025\n%%EOF"
    piece = services.piece_deposer(
        demande=demande,
        fichier=SimpleUploadedFile("bilan.pdf", contenu),
        par=demandeur.user,
        today=datetime.date(2026, 3, 2),
    )
    client.force_login(staff_entraide)
    reponse = client.get(f"{ADMIN}{demande.pk}/pieces/{piece.pk}/", REMOTE_ADDR="192.0.2.51")
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == contenu
    ligne = JournalAcces.objects.get()
    assert (ligne.action, ligne.adresse) == ("entraide.piece_lire", "192.0.2.51")


@pytest.mark.django_db
def test_le_personnel_des_autres_services_ne_voit_pas_l_entraide(client, demande, staff_juridique):
    client.force_login(staff_juridique)
    assert "entraide" not in client.get("/admin/").content.decode().lower()
    assert client.get(ADMIN).status_code == 403
    assert client.get(f"{ADMIN}{demande.pk}/change/").status_code == 403
    assert not JournalAcces.objects.exists()


@pytest.mark.django_db
def test_le_personnel_depose_une_demande_et_ecrit_les_notes_par_les_services(client, staff_entraide):
    medecin = factories.MedecinFactory()
    client.force_login(staff_entraide)
    reponse = client.post(
        f"{ADMIN}add/",
        {
            "medecin": medecin.pk,
            "beneficiaire": "medecin",
            "beneficiaire_nom": "",
            "natures": ["sociale"],
            "situation": "Épuisement, arrêt de travail depuis novembre.",
            "date_depot": "02/03/2026",
            "pieces-TOTAL_FORMS": "0",
            "pieces-INITIAL_FORMS": "0",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    demande = Demande.objects.get()
    assert demande.deposee_par == staff_entraide and demande.natures == ["sociale"]
    reponse = client.post(
        f"{ADMIN}{demande.pk}/change/",
        {"notes_commission": "Contact pris avec l'AFEM.", "pieces-TOTAL_FORMS": "0", "pieces-INITIAL_FORMS": "0"},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    demande.refresh_from_db()
    assert demande.notes_commission == "Contact pris avec l'AFEM." and demande.statut == "en_instruction"


@pytest.mark.django_db
def test_le_personnel_depose_pour_un_medecin_avec_le_questionnaire_guide_et_les_pieces(
    client, staff_entraide, settings
):
    from commun.chiffrement import lire_dechiffre

    medecin = factories.MedecinFactory()
    client.force_login(staff_entraide)
    page = client.get(f"{ADMIN}add/").content.decode()
    assert "Situation financière et patrimoniale" in page and 'enctype="multipart/form-data"' in page
    corps = {
        "medecin": medecin.pk,
        "beneficiaire": "medecin",
        "natures": ["financiere"],
        "situation": "Dettes fiscales après un arrêt de travail.",
        "date_depot": "02/03/2026",
        "q_situation_familiale": "marie_pacse",
        "q_dettes_montant": "abc",
        "pieces-TOTAL_FORMS": "0",
        "pieces-INITIAL_FORMS": "0",
    }
    faux = SimpleUploadedFile("releve.pdf", b"pas un PDF", content_type="application/pdf")
    reponse = client.post(f"{ADMIN}add/", {**corps, "fichiers": [faux]})
    # A bad amount and a file that is not a PDF by content: both said on the form, nothing written, no file left.
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "indiquez un montant en euros" in contenu and "PDF" in contenu
    assert not Demande.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
    vrai = SimpleUploadedFile("avis-imposition.pdf", pdf, content_type="application/pdf")
    reponse = client.post(f"{ADMIN}add/", {**corps, "q_dettes_montant": "12 400,50", "fichiers": [vrai]})
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    demande = Demande.objects.get()
    assert demande.questionnaire == {"situation_familiale": "marie_pacse", "dettes_montant": "12400.50"}
    piece = demande.pieces.get()
    assert piece.nom_original == "avis-imposition.pdf" and lire_dechiffre(piece.fichier.name) == pdf
    # One stored file: the form's trial run stored none.
    assert len([p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]) == 1


@pytest.mark.django_db
def test_le_tresorier_ne_peut_etre_designe_referent(staff_entraide):
    tresorier = factories.MembreFactory()
    factories.FonctionFactory(membre=tresorier, fonction="tresorier")
    with pytest.raises(Exception) as refus:
        services.referent_designer(
            membre=tresorier, date_debut=datetime.date(2026, 3, 2), par=staff_entraide, today=datetime.date(2026, 3, 2)
        )
    assert "trésorier" in str(refus.value)
    assert not ReferentEntraide.objects.exists()
    autre = factories.MembreFactory()
    services.referent_designer(
        membre=autre, date_debut=datetime.date(2026, 3, 2), par=staff_entraide, today=datetime.date(2026, 3, 2)
    )
    assert ReferentEntraide.objects.get().membre == autre


@pytest.mark.django_db
def test_le_referent_se_designe_depuis_l_admin_le_tresorier_refuse_sur_le_formulaire(client, staff_entraide):
    tresorier = factories.MembreFactory()
    factories.FonctionFactory(membre=tresorier, fonction="tresorier")
    client.force_login(staff_entraide)
    reponse = client.post("/admin/entraide/referententraide/add/", {"membre": tresorier.pk, "date_debut": "02/03/2026"})
    assert reponse.status_code == 200 and "ne peut être le trésorier" in reponse.content.decode()
    assert not ReferentEntraide.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("modele", ["aide", "transmissioncnom"])
def test_chaque_page_d_une_aide_ou_d_une_transmission_consigne_la_lecture_de_sa_demande(
    client, demande, staff_entraide, modele
):
    objet = (
        factories.AideEntraideFactory(demande=demande)
        if modele == "aide"
        else factories.TransmissionCnomFactory(demande=demande)
    )
    client.force_login(staff_entraide)
    base = f"/admin/entraide/{modele}/"
    version = objet.history.first().history_id
    for url in (f"{base}{objet.pk}/change/", f"{base}{objet.pk}/history/", f"{base}{objet.pk}/history/{version}/"):
        assert client.get(url, REMOTE_ADDR="192.0.2.51").status_code == 200, url
    lignes = list(JournalAcces.objects.filter(utilisateur=staff_entraide))
    assert len(lignes) == 3
    assert {(ligne.objet_id, ligne.action, ligne.adresse) for ligne in lignes} == {
        (str(demande.pk), "entraide.demande_lire", "192.0.2.51")
    }


@pytest.mark.django_db
def test_les_listes_de_l_admin_consignent_une_lecture_par_dossier_affiche(client, staff_entraide):
    demandes = factories.DemandeEntraideFactory.create_batch(3)
    factories.AideEntraideFactory(demande=demandes[0])
    factories.TransmissionCnomFactory(demande=demandes[1])
    client.force_login(staff_entraide)
    assert client.get(ADMIN).status_code == 200
    assert sorted(JournalAcces.objects.values_list("objet_id", flat=True)) == sorted(str(d.pk) for d in demandes)
    for modele, demande in (("aide", demandes[0]), ("transmissioncnom", demandes[1])):
        avant = JournalAcces.objects.count()
        assert client.get(f"/admin/entraide/{modele}/").status_code == 200
        nouvelles = JournalAcces.objects.order_by("-id")[: JournalAcces.objects.count() - avant]
        assert [ligne.objet_id for ligne in nouvelles] == [str(demande.pk)], modele
