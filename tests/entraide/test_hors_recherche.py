"""Entraide files are kept out of search, exports and the plenary's agendas (issue 12 point 9): a doctor's request
appears in none of the tableau's exports, the admin search of doctors, the annuaire, nor a session's agenda."""

import datetime

import pytest

from entraide.services import demande_deposer
from tests import factories

MARQUE = "Zéphyrine-Entraide-Kervella"


@pytest.fixture
def demande_marquee(db, systeme):
    medecin = factories.MedecinFactory(nom="Lebrun")
    return demande_deposer(
        medecin=medecin,
        natures=["financiere"],
        situation=f"Situation de {MARQUE} : dettes",
        beneficiaire="ayant_droit",
        beneficiaire_nom=MARQUE,
        par=systeme,
        today=datetime.date(2026, 3, 2),
    )


@pytest.mark.django_db
def test_la_recherche_des_medecins_de_l_admin_ne_trouve_rien_de_l_entraide(client, demande_marquee, superuser):
    client.force_login(superuser)
    for terme in (MARQUE, demande_marquee.numero, "dettes"):
        contenu = client.get("/admin/tableau/medecin/", {"q": terme}).content.decode()
        assert "0 résultat" in contenu and demande_marquee.medecin.rpps not in contenu


@pytest.mark.django_db
def test_l_api_et_l_annuaire_ne_trouvent_rien_de_l_entraide(api_client, client, demande_marquee, superuser):
    api_client.force_authenticate(superuser)
    assert api_client.get("/api/medecins/", {"search": MARQUE}).json()["count"] == 0
    fiche = api_client.get(f"/api/medecins/{demande_marquee.medecin.pk}/").content.decode()
    assert MARQUE not in fiche and "entraide" not in fiche.lower()
    annuaire = client.get("/annuaire/", {"q": MARQUE}).content.decode()
    assert "Lebrun" not in annuaire and "LEBRUN" not in annuaire


@pytest.mark.django_db
def test_les_exports_du_tableau_ne_contiennent_rien_de_l_entraide(client, demande_marquee, superuser):
    from django.urls import reverse

    client.force_login(superuser)
    url = reverse("admin:tableau_medecin_export")
    for format_ in ("0", "1"):  # the formats django-import-export offers (CSV, XLSX…)
        reponse = client.post(url, {"format": format_, "export_items": [], "medecinresource_id": True})
        corps = reponse.content if not hasattr(reponse, "streaming_content") else b"".join(reponse.streaming_content)
        assert MARQUE.encode() not in corps and b"EN-2026" not in corps


@pytest.mark.django_db
def test_l_ordre_du_jour_d_une_seance_genere_par_les_services_ne_mentionne_pas_l_entraide(demande_marquee, systeme):
    from cotisations.services import demandes_exoneration_inscrire
    from gouvernance.services import seance_creer

    seance = seance_creer(date=datetime.date(2026, 3, 20), ordre_du_jour=["Approbation du procès-verbal"], par=systeme)
    factories.DemandeExonerationFactory()
    seance, inscrites = demandes_exoneration_inscrire(par=systeme, today=datetime.date(2026, 3, 2), seance=seance)
    seance.refresh_from_db()
    texte = " ".join(seance.ordre_du_jour)
    assert inscrites and "exonération" in texte.lower()  # the services did write the agenda
    for marque in (MARQUE, demande_marquee.numero, demande_marquee.medecin.nom, "entraide"):
        assert marque.lower() not in texte.lower()
