"""The complaints in the back-office (issue 12 points 7 and «admin in French»): the list shows what the user may
read; the change page, the history page and a document's download are logged reads; the acts' forms call the
services and show their refusals; staff of another service get 403."""

import datetime

import pytest
from django.urls import reverse

from commun.models import JournalAcces
from conciliation.models import Conciliateur, Plainte
from tests import factories

from .conftest import AVIS, seance_de_transmission

pytestmark = pytest.mark.django_db
J = datetime.date


@pytest.fixture
def juridique(client, conseil):
    client.force_login(conseil.juridique)
    return client


def test_la_liste_montre_les_dossiers_au_service_juridique(juridique):
    plainte = factories.PlainteFactory()
    r = juridique.get(reverse("admin:conciliation_plainte_changelist"))
    assert r.status_code == 200 and plainte.numero in r.content.decode()
    assert not JournalAcces.objects.exists()


def test_le_personnel_d_un_autre_service_n_ouvre_ni_la_liste_ni_le_dossier(client, conseil):
    plainte = factories.PlainteFactory()
    client.force_login(conseil.comptable)
    assert client.get(reverse("admin:conciliation_plainte_changelist")).status_code == 403
    assert client.get(reverse("admin:conciliation_plainte_change", args=[plainte.pk])).status_code == 403
    assert client.get(reverse("admin:conciliation_plainte_classer", args=[plainte.pk])).status_code == 403
    assert not JournalAcces.objects.exists()


def test_la_page_du_dossier_et_son_historique_sont_des_lectures_journalisees(juridique, conseil):
    plainte = factories.PlainteFactory()
    factories.ConciliateurFactory(plainte=plainte, membre=conseil.conciliateurs[0])
    factories.ProcesVerbalFactory(reunion__plainte=plainte)
    r = juridique.get(reverse("admin:conciliation_plainte_change", args=[plainte.pk]))
    assert r.status_code == 200
    contenu = r.content.decode()
    assert plainte.objet in contenu and "Échec (non-conciliation)" in contenu
    assert conseil.conciliateurs[0].medecin.nom_complet in contenu
    assert juridique.get(reverse("admin:conciliation_plainte_history", args=[plainte.pk])).status_code == 200
    assert JournalAcces.objects.filter(utilisateur=conseil.juridique, objet_id=str(plainte.pk)).count() == 2


def test_le_telechargement_d_une_piece_depuis_l_admin_est_journalise(juridique, au):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conciliation import services

    plainte = factories.PlainteFactory()
    piece = services.piece_deposer(
        plainte_id=plainte.pk,
        fichier=SimpleUploadedFile("courrier.pdf", b"%PDF-1.4\ncourrier\n%%EOF\n"),
        par=factories.systeme(),
        today=J(2026, 3, 3),
    )
    r = juridique.get(reverse("admin:conciliation_plainte_piece", args=[plainte.pk, piece.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert JournalAcces.objects.get().objet_id == str(piece.pk)


def test_classer_une_plainte_depuis_l_admin_montre_le_refus_du_service(juridique):
    plainte = factories.PlainteFactory()
    url = reverse("admin:conciliation_plainte_classer", args=[plainte.pk])
    r = juridique.post(url, {"motif": "Sans suite."})
    assert r.status_code == 400 and "chambre disciplinaire" in r.content.decode()
    assert Plainte.objects.get().statut == "enregistree"
    doleance = factories.PlainteFactory(nature="doleance")
    r = juridique.post(reverse("admin:conciliation_plainte_classer", args=[doleance.pk]), {"motif": "Réglée."})
    assert r.status_code == 302
    assert Plainte.objects.get(pk=doleance.pk).statut == "classee"


def test_designer_les_conciliateurs_depuis_l_admin(juridique, conseil):
    plainte = factories.PlainteFactory()
    url = reverse("admin:conciliation_plainte_conciliateurs", args=[plainte.pk])
    assert juridique.get(url).status_code == 200
    r = juridique.post(url, {"membres": [conseil.hors_commission.pk]})
    assert r.status_code == 400 and "ne siège pas" in r.content.decode()
    assert not Conciliateur.objects.exists()
    r = juridique.post(url, {"membres": [conseil.conciliateurs[0].pk]})
    assert r.status_code == 302 and Conciliateur.objects.get().membre == conseil.conciliateurs[0]


def test_transmettre_depuis_l_admin(juridique):
    pv = factories.ProcesVerbalFactory(reunion__plainte__statut="a_transmettre")
    plainte = pv.reunion.plainte
    deliberation = seance_de_transmission(J(2026, 5, 14))
    url = reverse("admin:conciliation_plainte_transmettre", args=[plainte.pk])
    r = juridique.post(url, {"deliberation": deliberation.pk, "avis": "Avis favorable."})
    assert r.status_code == 400 and Plainte.objects.get().statut == "a_transmettre"
    r = juridique.post(url, {"deliberation": deliberation.pk, "avis": AVIS, "conseil_se_joint": "on"})
    assert r.status_code == 302
    plainte.refresh_from_db()
    assert (plainte.statut, plainte.conseil_se_joint) == ("transmise", True)


def test_enregistrer_une_plainte_depuis_l_admin(juridique):
    medecin = factories.MedecinFactory()
    r = juridique.post(
        reverse("admin:conciliation_plainte_add"),
        {
            "nature": "plainte",
            "medecin": medecin.pk,
            "plaignant_nom": "M. Paul Roche",
            "plaignant_qualite": "proche",
            "objet": "Propos déplacés lors d'une visite à domicile.",
            "recue_le": "2026-03-01",
            "date_enregistrement": "2026-03-02",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    plainte = Plainte.objects.get()
    assert (plainte.medecin, plainte.date_enregistrement, plainte.statut) == (medecin, J(2026, 3, 2), "enregistree")


def test_requalifier_depuis_la_liste(juridique):
    doleance = factories.PlainteFactory(nature="doleance")
    r = juridique.post(
        reverse("admin:conciliation_plainte_changelist"),
        {"action": "requalifier", "_selected_action": [doleance.pk]},
    )
    assert r.status_code == 302
    doleance.refresh_from_db()
    assert (doleance.nature, doleance.nature_initiale) == ("plainte", "doleance")


def test_une_version_passee_du_dossier_est_une_lecture_journalisee_refusee_a_qui_ne_lit_pas(juridique, client, conseil):
    """django-simple-history's past-version page shows the file's text: same check as the change page, logged."""
    from django.contrib.auth.models import Group

    from config.roles import groupes_synchroniser

    plainte = factories.PlainteFactory(medecin=factories.MedecinFactory(avec_compte=True))
    version = plainte.history.earliest()
    urls = [
        reverse("admin:conciliation_plainte_change", args=[plainte.pk]),
        reverse("admin:conciliation_plainte_history", args=[plainte.pk]),
        reverse("admin:conciliation_plainte_simple_history", args=[plainte.pk, version.history_id]),
    ]
    for rang, url in enumerate(urls, start=1):
        r = juridique.get(url)
        assert r.status_code == 200, url
        assert JournalAcces.objects.filter(utilisateur=conseil.juridique, objet_id=str(plainte.pk)).count() == rang
    assert plainte.objet in r.content.decode()

    # the doctor concerned, even as staff of the service juridique, is a party: 404, and no log row for him
    groupes_synchroniser()
    partie = plainte.medecin.user
    partie.is_staff = True
    partie.save()
    partie.groups.add(Group.objects.get(name="Service juridique"))
    client.force_login(partie)
    assert client.get(urls[2]).status_code == 404
    assert not JournalAcces.objects.filter(utilisateur=partie).exists()
