"""The live page of a session (/gouvernance/seances/<id>/direct/): the secretariat, or the président and the
secrétaire général, keep the register, see the quorum, open, record deliberations and election rounds, close; every
action goes through the services, a refusal shows the service's French message beside the form and keeps the input."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from gouvernance import selectors, services
from gouvernance.models import Deliberation, Election, Emargement, Seance
from tests import factories

from .conftest import emarger

MOTIVATION = (
    "Le projet de budget respecte l'équilibre des recettes et des dépenses prévu par le règlement de trésorerie."
)


def url(seance):
    return reverse("gouvernance:seance_direct", args=[seance.pk])


@pytest.fixture
def client_secretariat(client, secretariat):
    client.force_login(secretariat)
    return client


def test_la_page_en_direct_est_reservee_au_secretariat_et_au_bureau(client, conseil, seance, medecin, staff_tableau):
    assert client.get(url(seance)).status_code == 302
    client.force_login(medecin.user)
    assert client.get(url(seance)).status_code == 403
    client.force_login(staff_tableau)
    assert client.get(url(seance)).status_code == 403
    # An elected member without a bureau function may not run the session either.
    client.force_login(conseil.titulaires[3].medecin.user)
    reponse = client.get(url(seance))
    assert reponse.status_code == 403
    assert "réservée au secrétariat du conseil, au président et au secrétaire général" in reponse.content.decode()
    client.force_login(conseil.president.medecin.user)
    assert client.get(url(seance)).status_code == 200


def test_emargement_d_un_titulaire_en_un_clic(client_secretariat, conseil, seance, secretariat):
    titulaire = conseil.titulaires[2]
    reponse = client_secretariat.post(url(seance), {"action": "emarger", "emargement-membre": titulaire.pk})
    assert reponse.status_code == 302 and reponse.url.endswith("#registre")
    emargement = Emargement.objects.get(seance=seance, membre=titulaire)
    assert emargement.saisi_par == secretariat
    html = client_secretariat.get(url(seance)).content.decode()
    assert f"Dr {titulaire.medecin.prenom} {titulaire.medecin.nom.upper()} a émargé." in html
    assert "1 présents / 9 requis" in " ".join(html.replace("</span>", "").split()).replace(
        '<span data-test="presents">', ""
    ).replace('<span data-test="requis">', "")


def _quorum(html: str) -> tuple[str, str]:
    import re

    presents = re.search(r'data-test="presents">(\d+)<', html).group(1)
    requis = re.search(r'data-test="requis">(\d+)<', html).group(1)
    return presents, requis


def test_le_quorum_s_affiche_en_direct(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    html = client_secretariat.get(url(seance)).content.decode()
    assert _quorum(html) == ("8", "9") and "Quorum non atteint" in html
    emarger(seance, conseil.titulaires[8:9])
    html = client_secretariat.get(url(seance)).content.decode()
    assert _quorum(html) == ("9", "9") and "Quorum atteint" in html


def test_le_suppleant_suivant_du_roulement_est_propose_et_remplace_un_titulaire_empeche(
    client_secretariat, conseil, seance
):
    suivant = selectors.suppleant_suivant(seance=seance)
    empeche = conseil.titulaires[15]
    html = client_secretariat.get(url(seance)).content.decode()
    assert f"Remplacer par Dr {suivant.medecin.prenom} {suivant.medecin.nom.upper()}" in html
    reponse = client_secretariat.post(
        url(seance), {"action": "remplacer", "remplacement-membre": suivant.pk, "remplacement-remplace": empeche.pk}
    )
    assert reponse.status_code == 302
    assert Emargement.objects.get(seance=seance, membre=suivant).remplace == empeche
    assert selectors.seance_quorum(seance=seance)["presents"] == 1


def test_un_suppleant_qui_remplace_un_titulaire_present_est_refuse_avec_le_message_du_service(
    client_secretariat, conseil, seance
):
    present = conseil.titulaires[0]
    emarger(seance, [present])
    reponse = client_secretariat.post(
        url(seance),
        {"action": "remplacer", "remplacement-membre": conseil.suppleants[0].pk, "remplacement-remplace": present.pk},
    )
    # The form only offers titulars who did not sign: the choice itself is refused, in French.
    assert reponse.status_code == 400
    assert not Emargement.objects.filter(membre=conseil.suppleants[0]).exists()
    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_ouvrir_deliberer_et_clore_depuis_la_page(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    assert client_secretariat.post(url(seance), {"action": "ouvrir"}).status_code == 302
    seance.refresh_from_db()
    assert seance.statut == "ouverte" and seance.quorum_ouverture is True
    retire = conseil.titulaires[3]
    reponse = client_secretariat.post(
        url(seance),
        {
            "action": "deliberer",
            "deliberation-objet": "Adoption du budget primitif",
            "deliberation-motivation": MOTIVATION,
            "deliberation-vote": "main_levee",
            "deliberation-pour": "6",
            "deliberation-contre": "3",
            "deliberation-abstention": "0",
            "deliberation-non_participants": [retire.pk],
            "deliberation-majorite": "suffrages_exprimes",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()
    deliberation = Deliberation.objects.get(seance=seance)
    assert deliberation.adoptee and list(deliberation.non_participants.all()) == [retire]
    html = client_secretariat.get(url(seance)).content.decode()
    assert f"Délibération n° {deliberation.numero} enregistrée : adoptée." in html
    assert client_secretariat.post(url(seance), {"action": "clore"}).status_code == 302
    seance.refresh_from_db()
    assert seance.statut == "close"
    html = client_secretariat.get(url(seance)).content.decode()
    assert reverse("gouvernance-seance-proces-verbal", args=[seance.pk]) in html


def _deliberation(**autres):
    donnees = {
        "action": "deliberer",
        "deliberation-objet": "Adoption du budget primitif",
        "deliberation-motivation": MOTIVATION,
        "deliberation-vote": "main_levee",
        "deliberation-pour": "6",
        "deliberation-contre": "3",
        "deliberation-abstention": "0",
        "deliberation-majorite": "suffrages_exprimes",
    }
    donnees.update(autres)
    return donnees


def test_un_vote_qui_depasse_les_presents_est_refuse_le_message_est_affiche_et_la_saisie_conservee(
    client_secretariat, conseil, seance
):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    reponse = client_secretariat.post(
        url(seance), _deliberation(**{"deliberation-pour": "8", "deliberation-contre": "5"})
    )
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "13 voix comptées (pour, contre, abstentions) pour 9 membres ayant voix délibérative" in html
    assert 'value="Adoption du budget primitif"' in html and escape(MOTIVATION) in html
    assert 'id="id_deliberation-pour_error"' in html  # the message is bound to the field it names
    assert not Deliberation.objects.exists()


def test_une_deliberation_sans_quorum_est_refusee_depuis_la_page(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:8])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    html = client_secretariat.post(url(seance), _deliberation(**{"deliberation-pour": "5"})).content.decode()
    assert "La séance a été ouverte sans quorum (8 membres ayant voix délibérative présents, 9 requis)" in html
    assert not Deliberation.objects.exists()


def test_une_motivation_de_pure_forme_est_refusee(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    reponse = client_secretariat.post(
        url(seance), _deliberation(**{"deliberation-motivation": "Le conseil, après en avoir délibéré, décide."})
    )
    assert reponse.status_code == 400
    assert "Une formule standard ne suffit pas" in reponse.content.decode() or "La motivation est obligatoire" in (
        reponse.content.decode()
    )
    assert not Deliberation.objects.exists()


def test_partage_des_voix_sans_voix_preponderante_refuse_puis_accepte(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    egalite = {"deliberation-pour": "4", "deliberation-contre": "4"}
    html = client_secretariat.post(url(seance), _deliberation(**egalite)).content.decode()
    assert "Partage égal des voix (4 pour, 4 contre)" in html
    reponse = client_secretariat.post(
        url(seance), _deliberation(**egalite, **{"deliberation-voix_preponderante": "contre"})
    )
    assert reponse.status_code == 302
    assert Deliberation.objects.get().adoptee is False


def test_une_election_et_ses_deux_tours_depuis_la_page(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    a, b = conseil.titulaires[5], conseil.titulaires[6]
    reponse = client_secretariat.post(
        url(seance),
        {"action": "election", "election-poste": "vice_president", "election-candidats": [a.pk, b.pk]},
    )
    assert reponse.status_code == 302
    election = Election.objects.get(seance=seance)
    cle = f"tour{election.pk}"
    premier = {f"{cle}-voix_{a.pk}": "4", f"{cle}-voix_{b.pk}": "4", f"{cle}-blancs_nuls": "2"}
    assert client_secretariat.post(url(seance), {"action": f"tour-{election.pk}", **premier}).status_code == 302
    html = client_secretariat.get(url(seance)).content.decode()
    assert "procédez au second tour" in html and "Second tour (majorité relative)" in html
    second = {f"{cle}-voix_{a.pk}": "5", f"{cle}-voix_{b.pk}": "5", f"{cle}-blancs_nuls": "0"}
    assert client_secretariat.post(url(seance), {"action": f"tour-{election.pk}", **second}).status_code == 302
    election.refresh_from_db()
    # Tie at the second round: the oldest candidate (titulars are born in order: a is older).
    assert election.elu == a
    # No third round: the form is gone and a forged post is refused.
    reponse = client_secretariat.post(url(seance), {"action": f"tour-{election.pk}", **second})
    assert reponse.status_code == 400 and "Action inconnue ou déjà traitée" in reponse.content.decode()


def test_le_president_du_conseil_conduit_la_seance_mais_un_acte_hors_de_ses_fonctions_est_refuse(
    client, conseil, seance
):
    client.force_login(conseil.president.medecin.user)
    assert (
        client.post(url(seance), {"action": "emarger", "emargement-membre": conseil.titulaires[1].pk}).status_code
        == 302
    )
    assert Emargement.objects.filter(seance=seance).count() == 1


# --- list ------------------------------------------------------------------------------------------------------------


def test_la_liste_des_seances_est_reservee_et_paginee(client, secretariat, medecin):
    # Its query budget: tests/gouvernance/test_requetes.py.
    liste = reverse("gouvernance:seances")
    client.force_login(medecin.user)
    assert client.get(liste).status_code == 403
    client.force_login(secretariat)
    for i in range(41):
        factories.SeanceFactory(date=f"2026-01-{1 + i % 28:02d}")
    html = client.get(liste).content.decode()
    assert Seance.objects.count() == 41 and "Page 1 sur 2" in html


def test_un_suppleant_qui_ne_remplace_personne_assiste_sans_voix_ni_quorum(client_secretariat, conseil, seance):
    suppleant = conseil.suppleants[3]
    reponse = client_secretariat.post(url(seance), {"action": "remplacer", "remplacement-membre": suppleant.pk})
    assert reponse.status_code == 302
    assert Emargement.objects.get(seance=seance, membre=suppleant).remplace is None
    html = client_secretariat.get(url(seance)).content.decode()
    assert "assiste sans voix délibérative" in html and "Présent, sans voix délibérative" in html
    assert _quorum(html) == ("0", "9")


def test_une_absence_excusee_s_enregistre_depuis_la_page(client_secretariat, conseil, seance):
    absent = conseil.titulaires[7]
    reponse = client_secretariat.post(
        url(seance),
        {"action": "absence", "absence-membre": absent.pk, "absence-excusee": "on", "absence-motif": "Congrès"},
    )
    assert reponse.status_code == 302
    html = client_secretariat.get(url(seance)).content.decode()
    assert "Absent, excusé (Congrès)" in html


def test_le_president_ajoute_un_point_en_debut_de_seance_mais_pas_apres_une_deliberation(client, conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    client.force_login(conseil.president.medecin.user)
    reponse = client.post(url(seance), {"action": "point", "point-libelle": "Motion sur la permanence des soins"})
    assert reponse.status_code == 302
    seance.refresh_from_db()
    assert seance.ordre_du_jour[-1] == "Motion sur la permanence des soins"
    services.deliberation_enregistrer(
        seance=seance, objet="Point 1", motivation=MOTIVATION, pour=5, contre=1, par=factories.systeme()
    )
    reponse = client.post(url(seance), {"action": "point", "point-libelle": "Trop tard"})
    assert reponse.status_code == 400
    assert "avant la première délibération" in reponse.content.decode()
    seance.refresh_from_db()
    assert "Trop tard" not in seance.ordre_du_jour


def test_le_secretaire_general_ne_peut_pas_ajouter_de_point_reserve_au_president(client, conseil, seance):
    emarger(seance, conseil.titulaires[:9])
    services.seance_ouvrir(seance=seance, par=factories.systeme())
    client.force_login(conseil.sg.medecin.user)
    reponse = client.post(url(seance), {"action": "point", "point-libelle": "Point du SG"})
    assert reponse.status_code == 400
    assert "ajouter un point à l&#x27;ordre du jour" in reponse.content.decode()
    seance.refresh_from_db()
    assert "Point du SG" not in seance.ordre_du_jour


def test_un_membre_sorti_pour_conflit_d_interets_se_saisit_depuis_la_page(client_secretariat, conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    client_secretariat.post(url(seance), {"action": "ouvrir"})
    sorti = conseil.titulaires[5]
    reponse = client_secretariat.post(
        url(seance), _deliberation(**{"deliberation-sortis_conflit_interets": [sorti.pk]})
    )
    assert reponse.status_code == 302, reponse.content.decode()
    deliberation = Deliberation.objects.get(seance=seance)
    assert list(deliberation.sortis_conflit_interets.all()) == [sorti]
    assert list(deliberation.non_participants.all()) == [sorti]
    html = client_secretariat.get(url(seance)).content.decode()
    assert f"Sortis pour conflit d'intérêts : Dr {sorti.medecin.nom.upper()}" in html


def test_le_projet_de_proces_verbal_s_envoie_depuis_la_page_une_fois_la_seance_close(
    client_secretariat, conseil, seance, django_capture_on_commit_callbacks
):
    from django.core import mail

    emarger(seance, conseil.titulaires[:9])
    client_secretariat.post(url(seance), {"action": "ouvrir"})
    client_secretariat.post(url(seance), {"action": "clore"})
    assert "Envoyer le projet de procès-verbal aux membres" in client_secretariat.get(url(seance)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_secretariat.post(url(seance), {"action": "envoyer_pv"}, follow=True)
    html = reponse.content.decode()
    assert "Envoi du projet de procès-verbal programmé pour 32 membres." in html
    # The captured on-commit task ran when the block above ended: the page now says when the e-mails left.
    html = client_secretariat.get(url(seance)).content.decode()
    assert "Projet de procès-verbal envoyé aux membres le" in html and len(mail.outbox) == 32


# --- reaching the live pages from the espace ---------------------------------------------------------------------


def test_deconnecte_le_president_est_envoye_a_la_connexion_de_l_espace_qui_le_mene_aux_seances(client, conseil):
    liste = reverse("gouvernance:seances")
    seance = factories.SeanceFactory()
    for page in (liste, url(seance)):
        reponse = client.get(page)
        assert reponse.status_code == 302
        assert reponse.url == f"{reverse('espace:connexion')}?next={page}"  # not the back-office's login
    president = conseil.president.medecin
    reponse = client.post(
        reverse("espace:connexion") + f"?next={liste}",
        {"username": president.rpps, "password": factories.MOT_DE_PASSE, "next": liste},
    )
    assert reponse.status_code == 302 and reponse["Location"] == liste
    assert client.get(liste).status_code == 200


def test_la_connexion_de_l_espace_mene_aussi_le_secretariat_aux_seances(client, secretariat):
    liste = reverse("gouvernance:seances")
    reponse = client.post(
        reverse("espace:connexion") + f"?next={liste}",
        {"username": secretariat.username, "password": factories.MOT_DE_PASSE, "next": liste},
    )
    assert reponse.status_code == 302 and reponse["Location"] == liste
    assert client.get(liste).status_code == 200


@pytest.mark.parametrize("page", ["espace:accueil", "espace:coordonnees", "gouvernance:espace_declaration"])
def test_l_espace_mene_aux_seances_ceux_qui_peuvent_les_conduire_et_eux_seuls(client, conseil, medecin, page):
    liste = reverse("gouvernance:seances")
    for membre in (conseil.president, conseil.sg):
        client.force_login(membre.medecin.user)
        assert f'href="{liste}"' in client.get(reverse(page)).content.decode()
        assert client.get(liste).status_code == 200
    # An elected member with no bureau function, and a doctor outside the council: no link (the page is closed).
    for user in (conseil.titulaires[3].medecin.user, medecin.user):
        client.force_login(user)
        reponse = client.get(reverse(page))
        assert f'href="{liste}"' not in reponse.content.decode()
        assert client.get(liste).status_code == 403
