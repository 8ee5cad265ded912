"""The back-office of the cash box, the register and the year-end: each page and action goes through the services
(a refusal shows on the form and writes nothing); the demo's part is idempotent."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from tresorerie import services
from tresorerie.demo_cloture import demo_cloture
from tresorerie.models import Cloture, Immobilisation, MouvementCaisse

pytestmark = pytest.mark.django_db


@pytest.fixture
def comptable(client):
    from config.roles import groupes_synchroniser

    groupes_synchroniser()
    user = factories.StaffFactory(groupe="Comptabilité")
    client.force_login(user)
    return user


def _aujourd_hui():
    return timezone.localdate()


def test_le_service_comptable_saisit_un_mouvement_dans_l_admin(client, comptable):
    url = reverse("admin:tresorerie_mouvementcaisse_add")
    donnees = {
        "sens": "entree",
        "montant": "300.00",
        "objet": "Retrait en banque",
        "date": _aujourd_hui().isoformat(),
        "compte": factories.compte("512").pk,
        "fichier": factories.fichier_pdf("bordereau.pdf"),
    }
    r = client.post(url, donnees)
    assert r.status_code == 302, r.content.decode()[:2000]
    m = MouvementCaisse.objects.get()
    assert m.saisi_par == comptable and m.pieces.count() == 1


def test_l_admin_refuse_un_mouvement_au_dela_du_plafond_et_n_ecrit_rien(client, comptable):
    r = client.post(
        reverse("admin:tresorerie_mouvementcaisse_add"),
        {
            "sens": "entree",
            "montant": "1000.01",
            "objet": "Retrait",
            "date": _aujourd_hui().isoformat(),
            "compte": factories.compte("512").pk,
        },
    )
    assert r.status_code == 200 and "plafond" in r.content.decode()
    assert not MouvementCaisse.objects.exists()


def test_annuler_un_mouvement_depuis_l_admin(client, comptable):
    m = services.mouvement_caisse_enregistrer(
        sens="entree",
        montant=Decimal("40.00"),
        objet="Retrait",
        date=_aujourd_hui(),
        par=comptable,
        today=_aujourd_hui(),
    )
    url = reverse("admin:tresorerie_mouvementcaisse_annuler", args=[m.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"motif": "Saisi deux fois", "date": _aujourd_hui().isoformat()})
    assert r.status_code == 302
    assert MouvementCaisse.objects.filter(annule=m).exists()
    r = client.post(url, {"motif": "encore", "date": _aujourd_hui().isoformat()})
    assert r.status_code == 400 and MouvementCaisse.objects.count() == 2


def test_le_livre_de_caisse_s_exporte_en_xlsx(client, comptable):
    services.mouvement_caisse_enregistrer(
        sens="entree",
        montant=Decimal("40.00"),
        objet="Retrait",
        date=_aujourd_hui(),
        par=comptable,
        today=_aujourd_hui(),
    )
    debut = datetime.date(_aujourd_hui().year, 1, 1).isoformat()
    url = reverse("admin:tresorerie_mouvementcaisse_livre")
    r = client.get(url, {"debut": debut, "fin": _aujourd_hui().isoformat()})
    assert r.status_code == 200 and "Retrait" in r.content.decode()
    r = client.get(url, {"debut": debut, "fin": _aujourd_hui().isoformat(), "export": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(r.content)).sheetnames == ["Livre de caisse"]


def test_une_immobilisation_et_sa_sortie_depuis_l_admin(client, comptable):
    r = client.post(
        reverse("admin:tresorerie_immobilisation_add"),
        {
            "designation": "Fauteuils",
            "categorie": factories.categorie_immobilisation("mobilier").pk,
            "valeur_origine": "2000.00",
            "date_acquisition": "2026-01-10",
            "date_mise_en_service": "2026-01-10",
            "fournisseur": "",
            "reference_facture": "",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    immo = Immobilisation.objects.get()
    r = client.get(reverse("admin:tresorerie_immobilisation_change", args=[immo.pk]))
    assert r.status_code == 200 and "Valeur nette" in r.content.decode()
    url = reverse("admin:tresorerie_immobilisation_sortie", args=[immo.pk])
    r = client.post(url, {"motif": "rebut", "date": "2026-06-30", "prix_cession": ""})
    assert r.status_code == 302
    immo.refresh_from_db()
    assert immo.motif_sortie == "rebut"


def test_la_cloture_se_calcule_s_exporte_et_attend_la_pleniere(client, comptable):
    annee = _aujourd_hui().year - 1
    r = client.post(reverse("admin:tresorerie_cloture_add"), {"annee": annee})
    assert r.status_code == 302, r.content.decode()[:2000]
    cloture = Cloture.objects.get(annee=annee)
    assert cloture.statut == "arretee"
    liste = reverse("admin:tresorerie_cloture_changelist")
    r = client.post(liste, {"action": "exporter_fec", "_selected_action": [cloture.pk]})
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"JournalCode\tJournalLib")
    r = client.post(liste, {"action": "exporter_xlsx", "_selected_action": [cloture.pk]})
    assert load_workbook(BytesIO(r.content)).sheetnames == ["Compte de résultat", "Bilan"]
    r = client.post(liste, {"action": "arreter", "_selected_action": [cloture.pk]})
    assert r.status_code == 302
    assert client.get(reverse("admin:tresorerie_cloture_change", args=[cloture.pk])).status_code == 200
    url = reverse("admin:tresorerie_cloture_decision", args=[cloture.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"quitus": "on"})
    assert r.status_code == 400
    assert Cloture.objects.get(annee=annee).statut == "arretee"


def test_la_demo_de_la_caisse_et_des_immobilisations_est_idempotente(systeme):
    today = datetime.date(2027, 3, 15)
    assert demo_cloture(today=today, par=systeme)
    assert MouvementCaisse.objects.count() == 4
    assert sorted(Immobilisation.objects.values_list("categorie__code", flat=True)) == sorted(
        ["logiciel", "batiment", "materiel_bureau", "materiel_informatique", "mobilier", "agencements"]
    )
    assert demo_cloture(today=today, par=systeme) == ""
    assert MouvementCaisse.objects.count() == 4
