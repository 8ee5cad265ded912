"""The helplines (issue 12 point 12; seed 003; CONTRACT.md `GET /api/entraide/contacts/`): editable data loaded by
the migrations, public on the API and on « Médecin en difficulté ? », shown on the espace médecin, with tel: links."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from entraide.models import Contact
from entraide.services import contact_enregistrer
from entraide.services.contacts import lien_tel
from tests import factories

pytestmark = pytest.mark.django_db
JOUR = datetime.date(2026, 3, 20)


def test_les_lignes_d_ecoute_sont_publiques_sans_connexion_dans_leur_ordre(api_client):
    Contact.objects.filter(nom__startswith="Association régionale").update(actif=False)
    reponse = api_client.get("/api/entraide/contacts/")
    assert reponse.status_code == 200
    lignes = reponse.json()
    assert [(c["nom"], c["telephone"]) for c in lignes] == [
        ("Entraide ordinale du CNOM", "0800 288 038"),
        ("Aide psychologique 24 h/24 (AAPMS-PSYA)", "0800 800 854"),
        ("Permanence sociale et administrative", "09 80 80 03 07"),
    ]
    assert set(lignes[0]) == {"nom", "telephone", "description"}


def test_la_page_publique_medecin_en_difficulte_donne_les_numeros_en_liens_tel(client):
    reponse = client.get("/entraide/")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Médecin en difficulté ?" in page
    for lien in ("tel:+33800288038", "tel:+33800800854", "tel:+33980800307", "tel:+33608282589"):
        assert f'href="{lien}"' in page
    assert 'href="/entraide/"' in client.get("/").content.decode()


def test_l_espace_medecin_montre_les_lignes_d_ecoute(client):
    medecin = factories.MedecinFactory(avec_compte=True)
    client.force_login(medecin.user)
    page = client.get("/espace/").content.decode()
    assert "Médecin en difficulté ?" in page and 'href="tel:+33800288038"' in page


def test_une_ligne_modifiee_dans_le_back_office_est_celle_qui_s_affiche(api_client, systeme):
    contact = Contact.objects.get(telephone="09 80 80 03 07")
    contact_enregistrer(
        contact=contact,
        donnees={"nom": contact.nom, "telephone": "09 80 80 03 08", "description": contact.description},
        par=systeme,
        today=JOUR,
    )
    assert "09 80 80 03 08" in [c["telephone"] for c in api_client.get("/api/entraide/contacts/").json()]


def test_un_numero_qu_on_ne_peut_pas_composer_est_refuse_et_rien_n_est_ecrit(systeme):
    with pytest.raises(ValidationError) as refus:
        contact_enregistrer(
            donnees={"nom": "Ligne", "telephone": "appelez-nous", "description": "x"}, par=systeme, today=JOUR
        )
    assert "telephone" in refus.value.message_dict
    assert Contact.objects.count() == 4


def test_seul_le_secretariat_de_l_entraide_modifie_les_lignes(db):
    agent = factories.StaffFactory(groupe="comptabilite")
    with pytest.raises(PermissionDenied):
        contact_enregistrer(
            donnees={"nom": "Ligne", "telephone": "0800 000 000", "description": "Écoute."}, par=agent, today=JOUR
        )
    secretariat = factories.StaffFactory(groupe="Secrétariat de l'entraide")
    assert contact_enregistrer(
        donnees={"nom": "Ligne", "telephone": "0800 000 000", "description": "Écoute."}, par=secretariat, today=JOUR
    ).pk


def test_le_lien_tel_est_au_format_international():
    assert lien_tel("0800 288 038") == "tel:+33800288038"
    assert lien_tel("06 08 28 25 89") == "tel:+33608282589"
    assert lien_tel("3114") == "tel:3114"
