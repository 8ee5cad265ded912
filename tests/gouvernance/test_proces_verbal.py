"""The procès-verbal (seed 002 L.I 4.5): the full, confidential PV read from the register and the decisions, and the
publishable extract where individual decisions are anonymised; served as PDF at
/api/gouvernance/seances/{id}/proces-verbal.pdf to the secretariat and the members in office only."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gouvernance import documents, services
from gouvernance.models import Seance
from tests import factories
from tests.requetes import budget

from .conftest import JOUR_SEANCE, emarger

MOTIVATION_BUDGET = (
    "Le budget primitif respecte l'équilibre des recettes et des dépenses et les plafonds du règlement de trésorerie."
)
MOTIVATION_EXONERATION = (
    "Le Dr Jeanne Fabre justifie de revenus inférieurs au plafond fixé par le conseil national pour l'année en cours."
)


def texte_pdf(contenu: bytes) -> str:
    lecteur = PdfReader(io.BytesIO(contenu))
    # pypdf sometimes reads a space before a full stop that ends a line (depends on the random names' widths).
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in lecteur.pages)).replace(" .", ".")


@pytest.fixture
def seance_tenue(conseil, seance):
    """A plenary of the Dordogne council: 9 titulars sign, a substitute replaces an excused titular, one member
    leaves the room for the budget, an individual hardship exemption naming a registered doctor."""
    factories.MedecinFactory(nom="Fabre", prenom="Jeanne")
    emarger(seance, conseil.titulaires[:9])
    services.absence_enregistrer(
        seance=seance, membre=conseil.titulaires[15], excusee=True, motif="Garde", par=factories.systeme()
    )
    services.emargement_enregistrer(
        seance=seance, membre=conseil.suppleants[0], remplace=conseil.titulaires[15], par=factories.systeme()
    )
    services.absence_enregistrer(seance=seance, membre=conseil.titulaires[14], excusee=False, par=factories.systeme())
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    retire = conseil.titulaires[4]
    services.deliberation_enregistrer(
        seance=seance,
        objet="Adoption du budget primitif",
        motivation=MOTIVATION_BUDGET,
        pour=5,
        contre=4,
        abstention=0,
        non_participants=[retire],
        par=factories.systeme(),
    )
    services.deliberation_enregistrer(
        seance=seance,
        objet="Exonération de cotisation du Dr Jeanne FABRE",
        motivation=MOTIVATION_EXONERATION,
        pour=4,
        contre=4,
        voix_preponderante="pour",
        individuelle=True,
        par=factories.systeme(),
    )
    services.deliberation_enregistrer(
        seance=seance,
        objet="Signalement confidentiel",
        motivation="Les faits rapportés au conseil relèvent d'une procédure disciplinaire en cours d'instruction.",
        pour=9,
        contre=0,
        confidentielle=True,
        par=factories.systeme(),
    )
    services.seance_clore(seance=seance, par=factories.systeme())
    return seance


def _nom(membre):
    return membre.medecin.nom.upper()


def test_le_proces_verbal_complet_porte_presents_remplacants_retraits_et_motivations(conseil, seance_tenue):
    texte = texte_pdf(documents.proces_verbal_pdf(seance_id=seance_tenue.pk))
    numeros = list(seance_tenue.deliberations.order_by("sequence").values_list("numero", flat=True))
    assert "Procès-verbal" in texte and "Confidentiel" in texte
    for m in conseil.titulaires[:9]:
        assert _nom(m) in texte
    # The substitute sitting, and whom he replaces; the absent, excused or not.
    assert f"{_nom(conseil.suppleants[0])}, suppléant, remplace Dr {conseil.titulaires[15].medecin.prenom} " in texte
    assert "excusé (Garde)" in texte
    assert "absent sans motif valable" in texte
    assert "Quorum atteint à l'ouverture" in texte and "majorité absolue requise : 9" in texte
    for numero in numeros:
        assert f"Délibération n° {numero}" in texte
    assert MOTIVATION_BUDGET in texte
    retrait = texte[texte.find("N'ont pas pris part") :][:120]
    assert f"au vote : Dr {conseil.titulaires[4].medecin.prenom} {_nom(conseil.titulaires[4])}." in retrait
    assert "voix prépondérante du président (pour)" in texte
    # The full PV keeps the person's name and the confidential decision.
    assert "FABRE" in texte.upper() and "Signalement confidentiel" in texte


def test_l_extrait_publiable_anonymise_les_decisions_individuelles_et_omet_les_confidentielles(conseil, seance_tenue):
    texte = texte_pdf(documents.proces_verbal_pdf(seance_id=seance_tenue.pk, partie="extrait"))
    numeros = dict(seance_tenue.deliberations.values_list("objet", "numero"))
    assert "Extrait des décisions" in texte
    assert f"Décision n° {numeros['Adoption du budget primitif']}" in texte
    assert MOTIVATION_BUDGET in texte
    assert "Fabre" not in texte and "FABRE" not in texte and "Jeanne" not in texte
    assert "Exonération de cotisation du Dr X." in texte
    assert "Signalement confidentiel" not in texte
    # No member's name: who withdrew is counted, not named.
    assert _nom(conseil.titulaires[4]) not in texte
    assert "1 membre n'a pas pris part au vote" in texte


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Exonération du Dr Jeanne FABRE", "Exonération du Dr X."),
        ("Demande de Mme Fabre (RPPS 10001234567)", "Demande de Dr X. (RPPS [RPPS masqué])"),
        ("FABRE Jeanne et le docteur Paul Inconnu", "Dr X. et le docteur Paul Inconnu"),
        ("Dr Paul Inconnu, puis Docteur Inconnu", "Dr X., puis Dr Y."),
        ("Écrire à jeanne.fabre@exemple.fr", "Écrire à [adresse masquée]"),
        ("La Fabrique du Dr X.", "La Fabrique du Dr X."),
    ],
)
def test_anonymiser_remplace_les_noms_par_une_lettre(texte, attendu):
    assert documents.anonymiser(texte, [("Jeanne", "Fabre")]) == attendu


def test_le_proces_verbal_indique_son_adoption_et_les_observations(conseil, seance_tenue):
    suivante = factories.SeanceFactory(date=JOUR_SEANCE.replace(month=4))
    services.seance_adopter_proces_verbal(
        seance=seance_tenue,
        en_seance=suivante,
        observations="Rectifier l'heure d'arrivée du trésorier.",
        par=factories.systeme(),
    )
    texte = texte_pdf(documents.proces_verbal_pdf(seance_id=seance_tenue.pk))
    assert f"adopté lors de la séance du {suivante.date:%d/%m/%Y}" in texte
    assert "Rectifier l'heure d'arrivée du trésorier." in texte


def test_le_proces_verbal_relate_les_elections_et_leurs_tours(conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    a, b = conseil.titulaires[5], conseil.titulaires[6]
    election = services.election_creer(seance=seance, poste="vice_president", candidats=[a, b], par=factories.systeme())
    services.tour_enregistrer(
        election=election, voix={str(a.pk): 4, str(b.pk): 4}, blancs_nuls=2, par=factories.systeme()
    )
    services.tour_enregistrer(election=election, voix={str(a.pk): 4, str(b.pk): 6}, par=factories.systeme())
    texte = texte_pdf(documents.proces_verbal_pdf(seance_id=seance.pk))
    assert "Vice-président" in texte and "Premier tour" in texte and "Second tour" in texte
    assert f"Est élu : Dr {b.medecin.prenom} {_nom(b)}" in texte
    assert "doyen d'âge" in texte
    extrait = texte_pdf(documents.proces_verbal_pdf(seance_id=seance.pk, partie="extrait"))
    assert f"Dr {b.medecin.prenom} {_nom(b)}, élu au second tour" in extrait


def test_le_contexte_du_proces_verbal_se_lit_en_un_nombre_fixe_de_requetes(
    conseil, seance, django_assert_max_num_queries
):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())

    def deliberer(n):
        for i in range(n):
            services.deliberation_enregistrer(
                seance=seance,
                objet=f"Point {i}",
                motivation=MOTIVATION_BUDGET,
                pour=5,
                contre=1,
                non_participants=[conseil.titulaires[i % 9]],
                individuelle=True,
                par=factories.systeme(),
            )

    deliberer(1)
    plafond = budget("lot:proces_verbal_contexte (complet puis extrait)", app="gouvernance")
    with django_assert_max_num_queries(plafond) as petit:
        documents.proces_verbal_contexte(seance_id=seance.pk, partie="extrait")
        documents.proces_verbal_contexte(seance_id=seance.pk)
    deliberer(5)
    emarger(seance, conseil.titulaires[9:12])
    with django_assert_max_num_queries(plafond) as grand:
        documents.proces_verbal_contexte(seance_id=seance.pk, partie="extrait")
        documents.proces_verbal_contexte(seance_id=seance.pk)
    assert len(grand.captured_queries) == len(petit.captured_queries)


# --- API --------------------------------------------------------------------------------------------------------


def _url(seance: Seance, suffixe: str = "") -> str:
    return f"/api/gouvernance/seances/{seance.pk}/proces-verbal.pdf{suffixe}"


def test_api_le_secretariat_telecharge_le_proces_verbal_en_pdf(api_client, secretariat, seance_tenue):
    api_client.force_authenticate(secretariat)
    reponse = api_client.get(_url(seance_tenue), HTTP_ACCEPT="application/pdf")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    assert "Signalement confidentiel" in texte_pdf(reponse.content)
    extrait = api_client.get(_url(seance_tenue, "?partie=extrait"))
    assert extrait.status_code == 200 and extrait.content.startswith(b"%PDF")
    assert "Fabre" not in texte_pdf(extrait.content)
    assert api_client.get(_url(seance_tenue, "?partie=autre")).status_code == 400


def test_api_un_elu_en_fonction_obtient_le_proces_verbal(api_client, conseil, seance_tenue, settings):
    # Elected members in office today (the mandates are open-ended).
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)
    reponse = api_client.get(_url(seance_tenue))
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")


def test_api_le_proces_verbal_est_refuse_aux_autres(api_client, seance_tenue, medecin, staff_tableau):
    assert api_client.get(_url(seance_tenue)).status_code in (401, 403)
    api_client.force_authenticate(medecin.user)
    reponse = api_client.get(_url(seance_tenue), HTTP_ACCEPT="application/pdf")
    assert reponse.status_code == 403
    assert not reponse.content.startswith(b"%PDF")
    api_client.force_authenticate(staff_tableau)
    assert api_client.get(_url(seance_tenue)).status_code == 403


def test_api_proces_verbal_d_une_seance_inconnue_404(api_client, secretariat):
    api_client.force_authenticate(secretariat)
    assert api_client.get("/api/gouvernance/seances/999999/proces-verbal.pdf").status_code == 404


def test_le_proces_verbal_nomme_ceux_sortis_pour_conflit_d_interets_et_l_extrait_les_compte(conseil, seance):
    emarger(seance, conseil.titulaires[:11])
    concerne = conseil.titulaires[10]
    autre = conseil.titulaires[9]
    services.deliberation_enregistrer(
        seance=seance,
        objet=f"Contrat d'association du Dr {concerne.medecin.nom}",
        motivation="Le contrat communiqué dans le mois de sa signature est conforme aux règles de la déontologie.",
        pour=9,
        contre=0,
        medecin_concerne=concerne.medecin,
        sortis_conflit_interets=[concerne],
        non_participants=[autre],
        par=factories.systeme(),
    )
    # pypdf sometimes extracts a space before the final full stop (depends on the name's glyphs).
    complet = texte_pdf(documents.proces_verbal_pdf(seance_id=seance.pk))
    sortis = complet[complet.find("Ont quitté la salle") :][:200]
    assert f"conflit d'intérêts : Dr {concerne.medecin.prenom} {_nom(concerne)}." in sortis
    # The other withdrawal is listed apart, for another reason.
    autres = complet[complet.find("N'ont pas pris part") :][:200]
    assert f"(autres motifs) : Dr {autre.medecin.prenom} {_nom(autre)}." in autres
    extrait = texte_pdf(documents.proces_verbal_pdf(seance_id=seance.pk, partie="extrait"))
    # The doctor the decision concerns is masked, his RPPS too; the withdrawals are counted, not named.
    assert not re.search(rf"\b{re.escape(_nom(concerne))}\b", extrait.upper())
    assert concerne.medecin.rpps not in extrait
    assert "2 membres n'ont pas pris part au vote, dont 1 sorti de la salle pour prévenir un conflit d'intérêts" in (
        extrait
    )


def test_le_projet_de_proces_verbal_est_envoye_aux_membres_une_fois_la_seance_close(
    conseil, seance, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.exceptions import ValidationError

    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    with pytest.raises(ValidationError) as err:
        services.seance_envoyer_proces_verbal(seance=seance, today=JOUR_SEANCE, par=factories.systeme())
    assert "une fois la séance close" in err.value.message_dict["seance"][0]
    services.seance_clore(seance=seance, par=factories.systeme())
    with django_capture_on_commit_callbacks(execute=True):
        envoyes = services.seance_envoyer_proces_verbal(seance=seance, today=JOUR_SEANCE, par=factories.systeme())
    # The 32 members in office, titulars and substitutes, each with the PDF attached.
    assert envoyes == 32 and len(mail.outbox) == 32
    nom, contenu, type_mime = mail.outbox[0].attachments[0]
    assert nom.startswith("proces-verbal-pleniere-") and type_mime == "application/pdf"
    assert "Procès-verbal de la séance plénière" in texte_pdf(contenu)
    seance.refresh_from_db()
    assert seance.pv_envoye_le == timezone.localdate()  # the day the e-mails really left (set by the task)


def test_le_compte_rendu_du_bureau_va_a_ceux_qui_y_etaient_convoques(conseil, django_capture_on_commit_callbacks):
    from django.core import mail

    bureau = factories.SeanceFactory(date=JOUR_SEANCE, type="bureau")
    emarger(bureau, [conseil.president, conseil.sg])
    services.absence_enregistrer(seance=bureau, membre=conseil.tresorier, motif="Congrès", par=factories.systeme())
    services.seance_ouvrir(seance=bureau, par=factories.systeme())
    services.seance_clore(seance=bureau, par=factories.systeme())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.seance_envoyer_proces_verbal(seance=bureau, today=JOUR_SEANCE, par=factories.systeme()) == 3
    assert {m.to[0] for m in mail.outbox} == {
        m.medecin.email for m in (conseil.president, conseil.sg, conseil.tresorier)
    }
    assert "Compte rendu de la réunion du bureau" in texte_pdf(mail.outbox[0].attachments[0][1])


def test_api_envoyer_le_projet_de_proces_verbal(
    api_client, conseil, seance_tenue, medecin, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(medecin.user)
    url = f"/api/gouvernance/seances/{seance_tenue.pk}/envoyer-proces-verbal/"
    assert api_client.post(url).status_code == 403
    api_client.force_authenticate(conseil.president.medecin.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = api_client.post(url)
    assert r.status_code == 200 and r.json()["envoyes"] == 32 == r.json()["envois_programmes"]
    assert Seance.objects.get(pk=seance_tenue.pk).pv_envoye_le == timezone.localdate()
    assert api_client.post(url).status_code == 200  # sending again is allowed (a member lost it); the date moves
    Seance.objects.filter(pk=seance_tenue.pk).update(
        pv_adopte_en=factories.SeanceFactory(date=JOUR_SEANCE.replace(month=4))
    )
    r = api_client.post(url)
    assert r.status_code == 400 and "déjà adopté" in r.json()["seance"][0]


# --- a session not yet held has no procès-verbal -----------------------------------------------------------------


@pytest.mark.parametrize("statut", ["prevue", "convoquee"])
def test_une_seance_pas_encore_tenue_n_a_pas_de_proces_verbal_ni_par_l_api(api_client, secretariat, conseil, statut):
    seance = factories.SeanceFactory(date=JOUR_SEANCE, statut=statut)
    with pytest.raises(ValidationError) as err:
        documents.proces_verbal_pdf(seance_id=seance.pk)
    assert "n'a pas encore été tenue" in err.value.messages[0]
    api_client.force_authenticate(secretariat)
    reponse = api_client.get(_url(seance))
    assert reponse.status_code == 400
    assert reponse.json() == {
        "detail": [
            f"La séance du {JOUR_SEANCE:%d/%m/%Y} n'a pas encore été tenue : son procès-verbal sera disponible une "
            "fois la séance ouverte."
        ]
    }
    pdf = api_client.get(_url(seance), HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 400 and not pdf.content.startswith(b"%PDF")


def test_le_proces_verbal_existe_des_l_ouverture_ou_des_que_le_registre_d_une_seance_passee_est_saisi(conseil):
    ouverte = factories.SeanceFactory(date=JOUR_SEANCE)
    services.seance_ouvrir(seance=ouverte, par=factories.systeme())
    assert documents.proces_verbal_pdf(seance_id=ouverte.pk).startswith(b"%PDF")
    # A past session recorded straight away (CONTRACT.md): its attendance makes it a held one, unopened.
    passee = factories.SeanceFactory(date=JOUR_SEANCE)
    emarger(passee, conseil.titulaires[:1])
    assert passee.statut == "prevue"
    assert documents.proces_verbal_pdf(seance_id=passee.pk).startswith(b"%PDF")


def test_les_pages_n_offrent_le_proces_verbal_que_d_une_seance_tenue(client, secretariat, conseil):
    prevue = factories.SeanceFactory(date=JOUR_SEANCE)
    tenue = factories.SeanceFactory(date=JOUR_SEANCE)
    services.seance_ouvrir(seance=tenue, par=factories.systeme())
    client.force_login(secretariat)
    liste = client.get(reverse("gouvernance:seances")).content.decode()
    assert reverse("gouvernance-seance-proces-verbal", args=[tenue.pk]) in liste
    assert reverse("gouvernance-seance-proces-verbal", args=[prevue.pk]) not in liste
    assert reverse("gouvernance:seance_direct", args=[prevue.pk]) in liste  # the session itself stays listed
    direct = client.get(reverse("gouvernance:seance_direct", args=[prevue.pk])).content.decode()
    assert reverse("gouvernance-seance-proces-verbal", args=[prevue.pk]) not in direct
    direct = client.get(reverse("gouvernance:seance_direct", args=[tenue.pk])).content.decode()
    assert reverse("gouvernance-seance-proces-verbal", args=[tenue.pk]) in direct
