"""The letters of a file (issue 12 points 1, 4, 5; L4123-2 CSP): acknowledgement of receipt, information of the
doctor concerned, convocation of both parties naming the conciliators, the PV with the points left and the
signature blocks, the transmission letter and file — PDFs on routes that only the file's readers open (404 for
anybody else, each read logged), and e-mails where an address is known."""

import datetime

import pytest
from django.core import mail

from commun.models import Envoi, JournalAcces, NatureEnvoi
from conciliation.models import ParametreConciliation
from conciliation.services import courriers
from tests import factories
from tests.conciliation.outils_documents import (
    juriste,
    membre_de_la_commission,
    pages_pdf,
    president,
    texte_pdf,
)

pytestmark = pytest.mark.django_db

API = "/api/conciliation"


@pytest.fixture
def plainte():
    medecin = factories.MedecinFactory(
        prenom="Paul",
        nom="Lacoste",
        sexe="M",
        email="paul.lacoste@medecins.example",
        adresse_professionnelle="12 rue Gambetta",
        code_postal_professionnel="24000",
        ville_professionnelle="Périgueux",
    )
    return factories.PlainteFactory(medecin=medecin, numero="PL-2026-0007")


@pytest.fixture
def conciliateurs(plainte):
    premier = factories.ConciliateurFactory(
        plainte=plainte, membre=factories.MembreFactory(medecin=factories.MedecinFactory(prenom="Anne", nom="Roussel"))
    )
    second = factories.ConciliateurFactory(
        plainte=plainte, membre=factories.MembreFactory(medecin=factories.MedecinFactory(prenom="Marc", nom="Delpech"))
    )
    # A member linked to a party stepped aside: he is no longer named.
    factories.ConciliateurFactory(
        plainte=plainte,
        membre=factories.MembreFactory(medecin=factories.MedecinFactory(prenom="Luc", nom="Vigier")),
        retire_le=datetime.date(2026, 3, 6),
        motif_retrait="Médecin traitant de la plaignante",
    )
    return premier, second


def _lire(api_client, user, url):
    api_client.force_authenticate(user)
    return api_client.get(url)


# --- registration ---------------------------------------------------------------------------------------------


def test_l_accuse_de_reception_dit_le_numero_l_enregistrement_et_les_delais_legaux(api_client, plainte):
    lecteur = juriste()
    reponse = _lire(api_client, lecteur, f"{API}/plaintes/{plainte.pk}/accuse-reception.pdf")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse.content)
    assert "Conseil départemental de l'Ordre des médecins de la Dordogne" in texte  # the letterhead
    assert "Mme Claire Fontaine" in texte and "4 place du Marché" in texte
    assert "PL-2026-0007" in texte and "2 mars 2026" in texte
    assert "L4123-2" in texte
    assert "au plus tard le 2 avril 2026" in texte  # conciliation within 1 month of t0
    assert "au plus tard le 2 juin 2026" in texte  # transmission within 3 months
    assert "Dr Paul LACOSTE" in texte
    assert JournalAcces.objects.filter(
        utilisateur=lecteur, action="conciliation.plainte_lire", objet_id=str(plainte.pk)
    ).exists()


def test_l_information_du_medecin_nomme_le_plaignant_l_objet_et_la_conciliation_a_venir(api_client, plainte):
    reponse = _lire(api_client, juriste(), f"{API}/plaintes/{plainte.pk}/information-medecin.pdf")
    assert reponse.status_code == 200
    texte = texte_pdf(reponse.content)
    assert "Dr Paul LACOSTE" in texte and "12 rue Gambetta" in texte and "24000 Périgueux" in texte
    assert "Monsieur le docteur" in texte
    assert "Mme Claire Fontaine (patient)" in texte
    assert "Refus de communiquer le dossier médical" in texte
    assert "vous serez convoqué" in texte and "au plus tard le 2 avril 2026" in texte
    assert "chambre disciplinaire de première instance" in texte and "2 juin 2026" in texte


def test_une_doleance_n_ouvre_pas_la_conciliation_et_le_dit(api_client):
    doleance = factories.PlainteFactory(nature="doleance")
    texte = texte_pdf(_lire(api_client, juriste(), f"{API}/plaintes/{doleance.pk}/accuse-reception.pdf").content)
    assert "n'ouvre pas la procédure de conciliation" in texte
    assert "requalifiée en plainte" in texte
    assert "2 avril 2026" not in texte


def test_une_plainte_d_une_autorite_publique_est_transmise_sans_conciliation(api_client):
    plainte = factories.PlainteFactory(plaignant_qualite="autorite_publique", plaignant_nom="Agence régionale de santé")
    texte = texte_pdf(_lire(api_client, juriste(), f"{API}/plaintes/{plainte.pk}/information-medecin.pdf").content)
    assert "n'est pas soumise à la conciliation" in texte
    assert "2 juin 2026" in texte and "2 avril 2026" not in texte


def test_une_plainte_contre_un_membre_du_conseil_annonce_le_depaysement(api_client):
    plainte = factories.PlainteFactory(depaysement=True)
    texte = texte_pdf(_lire(api_client, juriste(), f"{API}/plaintes/{plainte.pk}/accuse-reception.pdf").content)
    assert "Conseil national de l'Ordre des médecins (dépaysement)" in texte


def test_l_enregistrement_programme_les_deux_courriels_une_seule_fois(
    plainte, systeme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_enregistrement(plainte, par=systeme, today=datetime.date(2026, 3, 2))
    envois = Envoi.objects.filter(objet_id=plainte.pk).order_by("nature")
    assert [(e.nature, e.destinataire, e.etat) for e in envois] == [
        (NatureEnvoi.CONCILIATION_ACCUSE, "claire.fontaine@patients.example", "envoye"),
        (NatureEnvoi.CONCILIATION_INFORMATION, "paul.lacoste@medecins.example", "envoye"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["claire.fontaine@patients.example", "paul.lacoste@medecins.example"]
    for message in mail.outbox:
        ((nom, contenu, type_mime),) = message.attachments
        assert type_mime == "application/pdf" and "PL-2026-0007" in nom
        assert "PL-2026-0007" in texte_pdf(contenu)
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_enregistrement(plainte, par=systeme, today=datetime.date(2026, 3, 2))
    assert Envoi.objects.filter(objet_id=plainte.pk).count() == 2 and len(mail.outbox) == 2


def test_sans_adresse_connue_aucun_courriel_la_lettre_part_par_la_poste(systeme, django_capture_on_commit_callbacks):
    plainte = factories.PlainteFactory(plaignant_email="", medecin=factories.MedecinFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        assert courriers.courriers_enregistrement(plainte, par=systeme, today=datetime.date(2026, 3, 2)) == []
    assert not Envoi.objects.exists() and not mail.outbox


# --- the meeting --------------------------------------------------------------------------------------------------


def test_la_convocation_nomme_les_conciliateurs_la_date_l_heure_et_le_lieu(api_client, plainte, conciliateurs):
    reunion = factories.ReunionFactory(plainte=plainte)
    reponse = _lire(api_client, juriste(), f"{API}/reunions/{reunion.pk}/convocation.pdf")
    assert reponse.status_code == 200
    texte = texte_pdf(reponse.content)
    assert pages_pdf(reponse.content) == 2  # one letter per party
    assert "Dr Anne ROUSSEL" in texte and "Dr Marc DELPECH" in texte
    assert "VIGIER" not in texte  # stepped aside
    assert "jeudi 26 mars 2026" in texte and "14h30" in texte
    assert "Siège du conseil départemental, salle de conciliation" in texte
    assert "Mme Claire Fontaine" in texte and "Dr Paul LACOSTE" in texte


def test_la_convocation_d_une_seule_partie(api_client, plainte, conciliateurs):
    reunion = factories.ReunionFactory(plainte=plainte)
    api_client.force_authenticate(juriste())
    reponse = api_client.get(f"{API}/reunions/{reunion.pk}/convocation.pdf?partie=medecin")
    assert pages_pdf(reponse.content) == 1
    texte = texte_pdf(reponse.content)
    assert "Monsieur le docteur" in texte and "l'auteur de la plainte, Mme Claire Fontaine" in texte
    reponse = api_client.get(f"{API}/reunions/{reunion.pk}/convocation.pdf?partie=avocat")
    assert reponse.status_code == 400
    assert reponse.json() == {"partie": ["Valeurs possibles : plaignant, medecin."]}


def test_chaque_partie_recoit_sa_convocation_par_courriel(
    plainte, conciliateurs, systeme, django_capture_on_commit_callbacks
):
    reunion = factories.ReunionFactory(plainte=plainte)
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_convocation(reunion, par=systeme, today=datetime.date(2026, 3, 6))
    assert Envoi.objects.filter(nature=NatureEnvoi.CONCILIATION_CONVOCATION).count() == 2
    par_destinataire = {m.to[0]: m for m in mail.outbox}
    au_medecin = par_destinataire["paul.lacoste@medecins.example"]
    assert "Dr Anne ROUSSEL" in au_medecin.body and "26/03/2026 à 14h30" in au_medecin.body
    assert "Monsieur le docteur" in texte_pdf(au_medecin.attachments[0][1])
    au_plaignant = par_destinataire["claire.fontaine@patients.example"]
    assert "Madame, Monsieur" in texte_pdf(au_plaignant.attachments[0][1])


# --- the PV -------------------------------------------------------------------------------------------------------

ISSUES = {
    "totale": ("Conciliation totale", "Le dossier est clos"),
    "partielle": ("Conciliation partielle", "sera transmise à la chambre disciplinaire"),
    "echec": ("Échec (non-conciliation)", "sera transmise à la chambre disciplinaire"),
    "absence": ("Absence d'une partie", "sera transmise à la chambre disciplinaire"),
    "desistement": ("Désistement (retrait de la plainte)", "se désister de sa plainte"),
}


@pytest.mark.parametrize("issue", sorted(ISSUES))
def test_le_proces_verbal_dit_l_issue_les_points_restants_et_porte_les_blocs_de_signature(
    api_client, plainte, conciliateurs, issue
):
    desaccords = "Le médecin conteste le délai de communication du dossier." if issue in ("partielle", "echec") else ""
    pv = factories.ProcesVerbalFactory(
        reunion=factories.ReunionFactory(plainte=plainte),
        issue=issue,
        desaccords=desaccords,
        accord="Le dossier sera remis sous huit jours." if issue in ("totale", "partielle") else "",
    )
    reponse = _lire(api_client, juriste(), f"{API}/reunions/{pv.reunion_id}/proces-verbal.pdf")
    assert reponse.status_code == 200
    texte = texte_pdf(reponse.content)
    libelle, suite = ISSUES[issue]
    assert "Procès-verbal de conciliation" in texte and libelle in texte and suite in texte
    assert ("Points de désaccord subsistants" in texte) == bool(desaccords)
    if desaccords:
        assert desaccords in texte
    if issue in ("partielle", "echec", "absence"):
        assert "au plus tard le 2 juin 2026" in texte
    # The signature blocks: each party, each conciliator.
    assert "Signatures" in texte
    assert "Le plaignant Mme Claire Fontaine" in texte
    assert "Le médecin mis en cause Dr Paul LACOSTE" in texte
    assert "Conciliateur Dr Anne ROUSSEL" in texte and "Conciliateur Dr Marc DELPECH" in texte
    assert "VIGIER" not in texte


def test_le_proces_verbal_d_une_reunion_sans_pv_est_refuse_en_le_disant(api_client, plainte):
    reunion = factories.ReunionFactory(plainte=plainte)
    reponse = _lire(api_client, juriste(), f"{API}/reunions/{reunion.pk}/proces-verbal.pdf")
    assert reponse.status_code == 400
    assert "Aucun procès-verbal n'est établi pour la réunion du 26/03/2026" in reponse.json()["detail"][0]


def test_le_proces_verbal_part_aux_deux_parties(plainte, conciliateurs, systeme, django_capture_on_commit_callbacks):
    pv = factories.ProcesVerbalFactory(reunion=factories.ReunionFactory(plainte=plainte))
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_proces_verbal(pv, par=systeme, today=datetime.date(2026, 3, 26))
    assert sorted(m.to[0] for m in mail.outbox) == ["claire.fontaine@patients.example", "paul.lacoste@medecins.example"]
    assert "Le médecin conteste avoir refusé" in texte_pdf(mail.outbox[0].attachments[0][1])


# --- transmission -------------------------------------------------------------------------------------------------


@pytest.fixture
def transmise(plainte, conciliateurs):
    factories.ProcesVerbalFactory(reunion=factories.ReunionFactory(plainte=plainte))
    factories.PiecePlainteFactory(plainte=plainte, nom_original="courrier-plaignante.pdf")
    factories.LienDeclareFactory(
        plainte=plainte, membre=factories.MembreFactory(medecin=factories.MedecinFactory(prenom="Luc", nom="Vigier"))
    )
    deliberation = factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=datetime.date(2026, 4, 16)),
        numero="2026-041",
        objet="Transmission de la plainte PL-2026-0007 à la chambre disciplinaire",
        pour=12,
        contre=2,
    )
    plainte.statut = "transmise"
    plainte.deliberation = deliberation
    plainte.avis = (
        "Le refus réitéré de communiquer le dossier méconnaît l'article R4127-45 du code de la santé publique."
    )
    plainte.conseil_se_joint = True
    plainte.date_transmission = datetime.date(2026, 4, 20)
    plainte.save()
    return plainte


def test_la_lettre_de_transmission_et_le_dossier(api_client, transmise):
    reponse = _lire(api_client, juriste(), f"{API}/plaintes/{transmise.pk}/transmission.pdf")
    assert reponse.status_code == 200
    texte = texte_pdf(reponse.content)
    assert "Chambre disciplinaire de première instance de Nouvelle-Aquitaine" in texte
    assert "transmission de la plainte n° PL-2026-0007" in texte and "20 avril 2026" in texte
    assert "a décidé de s'associer à la plainte" in texte
    # the file: the complaint and its documents, the PV, the opinion, whether the council joins, the deliberation
    assert "Refus de communiquer le dossier médical" in texte and "courrier-plaignante.pdf" in texte
    assert "Échec (non-conciliation)".lower() in texte.lower()
    assert "Le médecin conteste avoir refusé la communication du dossier" in texte
    assert "R4127-45" in texte
    assert "Oui : le conseil départemental s'associe à la plainte" in texte
    assert "n° 2026-041" in texte and "16 avril 2026" in texte and "12 pour, 2 contre" in texte
    assert "Dr Luc VIGIER" in texte  # linked to a party: did not vote
    assert "après l'échéance légale" not in texte


def test_une_transmission_tardive_est_dite_dans_la_lettre(api_client, transmise):
    transmise.date_transmission = datetime.date(2026, 6, 10)
    transmise.transmission_hors_delai = True
    transmise.save()
    texte = texte_pdf(_lire(api_client, juriste(), f"{API}/plaintes/{transmise.pk}/transmission.pdf").content)
    assert "après l'échéance légale du 2 juin 2026" in texte


def test_pas_de_lettre_de_transmission_avant_la_deliberation(api_client, plainte):
    reponse = _lire(api_client, juriste(), f"{API}/plaintes/{plainte.pk}/transmission.pdf")
    assert reponse.status_code == 400
    assert "n'a pas encore de délibération de transmission" in reponse.json()["detail"][0]


def test_la_transmission_informe_les_parties_et_la_chambre_quand_son_adresse_est_connue(
    transmise, systeme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_transmission(transmise, par=systeme, today=datetime.date(2026, 4, 20))
    assert sorted(m.to[0] for m in mail.outbox) == ["claire.fontaine@patients.example", "paul.lacoste@medecins.example"]
    assert "transmise le 20/04/2026" in mail.outbox[0].body
    ParametreConciliation.objects.update(courriel_chambre_disciplinaire="cdpi@ordre-nouvelle-aquitaine.example")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_transmission(transmise, par=systeme, today=datetime.date(2026, 4, 20))
    (message,) = mail.outbox  # the parties already had theirs
    assert message.to == ["cdpi@ordre-nouvelle-aquitaine.example"]
    assert "R4127-45" in texte_pdf(message.attachments[0][1])


# --- who reads ------------------------------------------------------------------------------------------------------


def _routes(plainte, reunion):
    return [
        f"{API}/plaintes/{plainte.pk}/accuse-reception.pdf",
        f"{API}/plaintes/{plainte.pk}/information-medecin.pdf",
        f"{API}/reunions/{reunion.pk}/convocation.pdf",
        f"{API}/reunions/{reunion.pk}/proces-verbal.pdf",
    ]


def test_le_medecin_mis_en_cause_un_autre_medecin_et_un_autre_service_recoivent_404_sans_trace(api_client, plainte):
    pv = factories.ProcesVerbalFactory(reunion=factories.ReunionFactory(plainte=plainte))
    plainte.medecin.user = factories.UserFactory(username=plainte.medecin.rpps)
    plainte.medecin.save()
    autre = factories.MedecinFactory(avec_compte=True)
    for user in (plainte.medecin.user, autre.user, factories.StaffFactory(groupe="tableau")):
        for url in _routes(plainte, pv.reunion):
            assert _lire(api_client, user, url).status_code == 404, (user, url)
    assert not JournalAcces.objects.exists()
    api_client.force_authenticate(None)
    assert api_client.get(_routes(plainte, pv.reunion)[0]).status_code in (401, 403)


def test_le_president_et_les_membres_de_la_commission_lisent_a_la_date_et_chaque_lecture_est_journalisee(
    api_client, plainte, settings
):
    pv = factories.ProcesVerbalFactory(reunion=factories.ReunionFactory(plainte=plainte))
    siegeant = membre_de_la_commission()
    ancien = membre_de_la_commission(fin=datetime.date(2025, 12, 31))
    chef = president()
    for membre in (siegeant, chef):
        for url in _routes(plainte, pv.reunion):
            assert _lire(api_client, membre.medecin.user, url).status_code == 200, url
        assert (
            JournalAcces.objects.filter(utilisateur=membre.medecin.user, action="conciliation.plainte_lire").count()
            == 4
        )
    for url in _routes(plainte, pv.reunion):
        assert _lire(api_client, ancien.medecin.user, url).status_code == 404
    assert not JournalAcces.objects.filter(utilisateur=ancien.medecin.user).exists()


def test_une_doleance_requalifiee_recoit_ses_lettres_de_plainte_une_fois(systeme, django_capture_on_commit_callbacks):
    doleance = factories.PlainteFactory(
        nature="doleance", medecin=factories.MedecinFactory(email="dr.x@medecins.example")
    )
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_enregistrement(doleance, par=systeme, today=datetime.date(2026, 3, 2))
    assert "n'ouvre pas la procédure de conciliation" in texte_pdf(mail.outbox[0].attachments[0][1])
    doleance.nature, doleance.date_enregistrement = "plainte", datetime.date(2026, 3, 16)
    doleance.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        courriers.courriers_enregistrement(doleance, par=systeme, today=datetime.date(2026, 3, 16))
        courriers.courriers_enregistrement(doleance, par=systeme, today=datetime.date(2026, 3, 16))
    assert len(mail.outbox) == 2
    assert "au plus tard le 16 avril 2026" in texte_pdf(mail.outbox[0].attachments[0][1])
    assert sorted(Envoi.objects.values_list("lot", flat=True)) == [1, 1, 2, 2]
