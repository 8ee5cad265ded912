"""The register of processing (RGPD art. 30) for the secrétaire général's yearly report: declared by each app in
its traitements.py, its retention read from the parameter rows on the day, shown in the admin to the secrétariat
du conseil and exported as PDF."""

import io

import pytest
from django.urls import reverse

from commun.models import CONSERVATION_JOURNAL, Parametre
from commun.services import parametre_modifier
from rgpd.registre import APPS_DU_PROJET, CLES, CONSERVATIONS, declarations, registre
from tests import factories
from tests.routes import apps_du_projet

pytestmark = pytest.mark.django_db


def test_chaque_application_du_projet_declare_ses_traitements_au_complet():
    assert set(apps_du_projet()) - {"config"} <= set(APPS_DU_PROJET)
    for app in APPS_DU_PROJET:
        decls = declarations(app)
        assert decls, f"{app}/traitements.py ne déclare aucun traitement"
        for decl in decls:
            manquantes = [c for c in CLES if not decl.get(c)]
            assert not manquantes, f"{app} « {decl.get('nom')} » : {manquantes}"
            assert sum(c in decl for c in CONSERVATIONS) == 1, f"{app} « {decl['nom']} » : une durée de conservation"


def test_les_durees_du_registre_sont_lues_dans_les_parametres_du_jour(systeme, jour):
    lignes = {t.nom: t for t in registre()}
    assert lignes["Entraide confraternelle"].conservation.startswith("10 ans après la clôture de la demande")
    assert lignes["Entraide confraternelle"].purge_automatique.startswith("purge annoncée un mois à l'avance")
    journal = lignes["Journal des consultations des dossiers confidentiels"]
    valeur = Parametre.objects.get(cle=CONSERVATION_JOURNAL).valeur
    assert journal.conservation.startswith(f"{valeur} mois après la consultation")
    assert lignes["Tenue du tableau de l'Ordre"].purge_automatique == ""
    parametre_modifier(
        parametre=Parametre.objects.get(cle="rgpd_conservation_incident"), valeur=8, par=systeme, today=jour
    )
    assert {t.nom: t for t in registre()}["Observatoire de la sécurité des médecins"].conservation.startswith(
        "8 ans après la déclaration"
    )


def test_le_secretariat_lit_le_registre_et_le_telecharge_les_autres_services_non(client, jour):
    from pypdf import PdfReader

    client.force_login(factories.StaffFactory(groupe="secretariat"))
    page = client.get(reverse("admin:rgpd_purge_registre"))
    assert page.status_code == 200
    assert "Registre des activités de traitement" in page.content.decode()
    assert "Plaintes, doléances et conciliation" in page.content.decode()
    pdf = client.get(reverse("admin:rgpd_purge_registre_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    texte = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Registre des activités de traitement" in texte and "Entraide confraternelle" in texte
    assert "20/03/2026" in texte
    # The secrétariat keeps the retention periods (commun.Parametre) and reads the purges.
    parametre = Parametre.objects.get(cle="rgpd_conservation_annonce_refusee")
    assert client.get(reverse("admin:commun_parametre_change", args=[parametre.pk])).status_code == 200
    assert client.get(reverse("admin:rgpd_purge_changelist")).status_code == 200

    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    assert client.get(reverse("admin:rgpd_purge_registre")).status_code == 403
    assert client.get(reverse("admin:rgpd_purge_registre_pdf")).status_code == 403


def test_le_secretaire_general_peut_consulter_le_registre(jour):
    from config.perms import peut

    sg = factories.FonctionFactory(
        membre=factories.MembreFactory(avec_compte=True), fonction="secretaire_general"
    ).membre.medecin
    autre = factories.MembreFactory(avec_compte=True).medecin
    assert peut(sg.user, "rgpd.registre_consulter", date=jour)
    assert not peut(autre.user, "rgpd.registre_consulter", date=jour)
