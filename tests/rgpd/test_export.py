"""A doctor's data export (issue 13 point 9): « a doctor's data export holds his own data and nobody else's ».
Two doctors with data in every app: the export of one holds every value of his own and none of the other's, nor
the commissions' internal work about him; the espace serves it as JSON and PDF to him only, each download logged."""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from commun.models import JournalAcces
from rgpd import selectors
from tests import factories

pytestmark = pytest.mark.django_db


def _texte(donnees: dict) -> str:
    return json.dumps(donnees, ensure_ascii=False)


def test_l_export_d_un_medecin_contient_ses_donnees_et_aucune_de_celles_d_un_autre(deux_medecins, jour):
    a, b, donnees_a, donnees_b = deux_medecins
    for medecin, siennes, autres in ((a, donnees_a, donnees_b), (b, donnees_b, donnees_a)):
        texte = _texte(selectors.donnees_du_medecin(medecin=medecin, today=jour))
        manquantes = [v for v in siennes["siennes"] if v not in texte]
        assert not manquantes, f"{medecin} : ses données absentes de l'export : {manquantes}"
        fuites = [v for v in autres["siennes"] + autres["internes"] if v in texte]
        assert not fuites, f"{medecin} : données d'un autre dans l'export : {fuites}"
        internes = [v for v in siennes["internes"] if v in texte]
        assert not internes, f"{medecin} : travail interne des commissions dans l'export : {internes}"
        autre = b if medecin == a else a
        assert autre.nom not in texte and autre.rpps not in texte and autre.email not in texte


def test_l_export_donne_l_historique_de_la_fiche_sans_nommer_le_personnel(deux_medecins, jour):
    a, *_ = deux_medecins
    agent = factories.StaffFactory(groupe="tableau", first_name="Agnès", last_name="Agentdutableau")
    from tableau.services import medecin_modifier

    medecin_modifier(medecin=a, donnees={"telephone": "05 53 11 22 33"}, par=agent, today=jour)
    donnees = selectors.donnees_du_medecin(medecin=a, today=jour)
    (historique,) = [r for r in donnees["rubriques"] if r["cle"] == "tableau.historique"]
    versions = historique["lignes"]
    assert [v["version_type"] for v in versions] == ["Création", "Modification", "Modification"]
    assert [v["version_auteur"] for v in versions] == ["le conseil", "vous-même", "le conseil"]
    assert versions[-1]["telephone"] == "05 53 11 22 33" and versions[0]["telephone"] != "05 53 11 22 33"
    assert "Agentdutableau" not in _texte(donnees) and agent.username not in _texte(donnees)
    (fiche,) = [r for r in donnees["rubriques"] if r["cle"] == "tableau.fiche"]
    assert fiche["champs"]["date_naissance"] == "date de naissance"
    assert fiche["lignes"][0]["statut"] == "Inscrit" and fiche["lignes"][0]["date_naissance"] == "1975-05-12"


def test_le_medecin_telecharge_ses_donnees_en_json_et_chaque_telechargement_est_journalise(client, deux_medecins, jour):
    a, b, donnees_a, donnees_b = deux_medecins
    client.force_login(a.user)
    page = client.get(reverse("rgpd_espace:mes_donnees"))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert reverse("rgpd_espace:json") in contenu and reverse("rgpd_espace:pdf") in contenu
    assert "Conservation des demandes d'entraide closes" not in contenu  # the register, not the parameter's label
    assert "10 ans après la clôture de la demande" in contenu
    assert not JournalAcces.objects.exists()  # the page itself reads nothing confidential

    reponse = client.get(reverse("rgpd_espace:json"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json; charset=utf-8"
    assert reponse["Content-Disposition"] == f'attachment; filename="mes-donnees-{a.rpps}-20260320.json"'
    assert reponse["Cache-Control"] == "private, no-store"
    texte = reponse.content.decode()
    assert json.loads(texte)["export"]["rpps"] == a.rpps
    assert "Cardiologie ALPHA" in texte and "BRAVO" not in texte
    (ligne,) = JournalAcces.objects.all()
    assert (ligne.utilisateur, ligne.action, ligne.objet_id, ligne.accorde) == (
        a.user,
        "rgpd.donnees_telecharger",
        str(a.pk),
        True,
    )
    assert ligne.type_objet == ContentType.objects.get_for_model(a)


def test_le_pdf_de_ses_donnees_est_lisible_et_ne_contient_que_les_siennes(client, deux_medecins, jour):
    from pypdf import PdfReader

    a, b, *_ = deux_medecins
    client.force_login(b.user)
    reponse = client.get(reverse("rgpd_espace:pdf"))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    texte = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reponse.content)).pages)
    texte = " ".join(texte.split())
    for attendu in ("Données personnelles détenues par le conseil", "Cardiologie BRAVO", "Récit BRAVO", "20/03/2026"):
        assert attendu in texte
    assert "ALPHA" not in texte and a.rpps not in texte
    assert JournalAcces.objects.filter(utilisateur=b.user, action="rgpd.donnees_telecharger").count() == 1


def test_le_personnel_et_les_anonymes_n_ont_pas_d_espace_de_donnees(client, deux_medecins, jour):
    for url in (reverse("rgpd_espace:mes_donnees"), reverse("rgpd_espace:json"), reverse("rgpd_espace:pdf")):
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(factories.StaffFactory(groupe="tableau"))
        assert client.get(url).status_code == 403
    assert not JournalAcces.objects.exists()


def test_seul_le_medecin_lui_meme_peut_telecharger_ses_donnees(deux_medecins, jour, superuser, systeme):
    from django.core.exceptions import PermissionDenied

    from config.perms import exiger

    a, b, *_ = deux_medecins
    exiger(a.user, "rgpd.donnees_telecharger", objet=a, date=jour, lecture=True)
    for qui in (b.user, superuser, systeme):
        with pytest.raises(PermissionDenied, match="Seul le médecin lui-même"):
            exiger(qui, "rgpd.donnees_telecharger", objet=a, date=jour, lecture=True)
    assert JournalAcces.objects.count() == 1
