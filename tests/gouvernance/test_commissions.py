"""The council's commissions (seed 002 L.I T.II 5.1): the président and the secrétaire général sit by right in
each; conciliation has at least three members elected among titulars and substitutes; the délégué à l'entraide,
elected among the titulars, sits by right in the entraide commission, where the trésorier only has an advisory
voice; the référent sécurité sits by right in the vigilance commission; a commission meeting convenes its members
and gets a compte rendu."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from gouvernance import documents, selectors, services
from gouvernance.models import Commission, SiegeCommission
from tests import factories
from tests.requetes import budget

from .conftest import DEBUT, JOUR_SEANCE
from .test_proces_verbal import texte_pdf

URL = "/api/gouvernance"


def _creer(nature, **kw):
    return services.commission_creer(nature=nature, date_debut=DEBUT, par=factories.systeme(), **kw)


def _elire(commission, membre, role="membre", date=DEBUT):
    return services.commission_membre_elire(
        commission=commission, membre=membre, role=role, date_debut=date, par=factories.systeme()
    )


def _composition(commission, date=JOUR_SEANCE):
    (ligne,) = selectors.commissions_composition(date=date, commissions=[commission])
    return ligne


def test_le_president_et_le_secretaire_general_sont_membres_de_droit_de_toute_commission(conseil):
    psdc = _creer("autre", nom="Commission de la permanence des soins")
    _elire(psdc, conseil.titulaires[6])
    ligne = _composition(psdc)
    assert [(c["membre"], c["qualite"]) for c in ligne["composition"]] == [
        (conseil.president, "droit"),
        (conseil.sg, "droit"),
        (conseil.titulaires[6], "elu"),
    ]


def test_une_commission_autre_doit_etre_nommee_et_une_statutaire_est_unique(conseil):
    with pytest.raises(ValidationError) as err:
        _creer("autre")
    assert "Nommez la commission" in err.value.message_dict["nom"][0]
    assert _creer("conciliation").nom == "Commission de conciliation"
    with pytest.raises(ValidationError) as err:
        _creer("conciliation")
    assert "existe déjà" in err.value.message_dict["nature"][0]
    assert Commission.objects.count() == 1


def test_la_conciliation_compte_au_moins_trois_membres_elus_parmi_titulaires_et_suppleants(conseil):
    conciliation = _creer("conciliation")
    _elire(conciliation, conseil.titulaires[4])
    _elire(conciliation, conseil.suppleants[2])
    assert "il en faut au moins trois" in _composition(conciliation)["alertes"][0]
    _elire(conciliation, conseil.suppleants[3])
    assert _composition(conciliation)["alertes"] == []


def test_un_membre_du_conseil_en_fonction_seulement_et_une_seule_fois(conseil):
    conciliation = _creer("conciliation")
    ancien = factories.MembreFactory(date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2025, 5, 31))
    with pytest.raises(ValidationError) as err:
        _elire(conciliation, ancien)
    assert "n'est pas membre du conseil" in err.value.message_dict["membre"][0]
    _elire(conciliation, conseil.titulaires[4])
    with pytest.raises(ValidationError) as err:
        _elire(conciliation, conseil.titulaires[4], date=JOUR_SEANCE)
    assert "siège déjà" in err.value.message_dict["membre"][0]
    assert SiegeCommission.objects.count() == 1


def test_entraide_le_delegue_titulaire_membre_de_droit_et_le_tresorier_voix_consultative(conseil):
    entraide = _creer("entraide")
    assert "délégué départemental à l'entraide" in _composition(entraide)["alertes"][0]
    with pytest.raises(ValidationError) as err:
        _elire(entraide, conseil.suppleants[1], role="delegue_entraide")
    assert "parmi les membres titulaires" in err.value.message_dict["membre"][0]
    with pytest.raises(ValidationError) as err:
        _elire(entraide, conseil.tresorier)
    assert "simple voix consultative" in err.value.message_dict["membre"][0]
    delegue = _elire(entraide, conseil.titulaires[7], role="delegue_entraide").membre
    with pytest.raises(ValidationError) as err:
        _elire(entraide, conseil.titulaires[8], role="delegue_entraide")
    assert "est déjà délégué" in err.value.message_dict["role"][0]
    _elire(entraide, conseil.suppleants[1])
    ligne = _composition(entraide)
    qualites = {c["membre"]: c["qualite"] for c in ligne["composition"]}
    assert qualites == {
        conseil.president: "droit",
        conseil.sg: "droit",
        delegue: "elu",
        conseil.suppleants[1]: "elu",
        conseil.tresorier: "consultatif",
    }
    assert ligne["alertes"] == []
    # Who may read a confidential file of the commission: not the advisory trésorier.
    assert selectors.siege_en_commission(medecin=delegue.medecin, nature="entraide", date=JOUR_SEANCE)
    assert selectors.siege_en_commission(medecin=conseil.president.medecin, nature="entraide", date=JOUR_SEANCE)
    assert not selectors.siege_en_commission(medecin=conseil.tresorier.medecin, nature="entraide", date=JOUR_SEANCE)


def test_le_referent_securite_siege_de_droit_a_la_commission_vigilance_seulement(conseil):
    vvs = _creer("vigilance")
    conciliation = _creer("conciliation")
    with pytest.raises(ValidationError) as err:
        _elire(conciliation, conseil.titulaires[9], role="referent_securite")
    assert "vigilance" in err.value.message_dict["role"][0]
    assert "référent sécurité" in _composition(vvs)["alertes"][0]
    _elire(vvs, conseil.suppleants[5], role="referent_securite")
    ligne = _composition(vvs)
    assert ligne["alertes"] == [] and ligne["composition"][-1]["libelle"] == "Référent sécurité, membre de droit"


def test_la_fin_du_mandat_ou_de_la_commission_met_fin_aux_sieges(conseil):
    conciliation = _creer("conciliation")
    siege = _elire(conciliation, conseil.titulaires[4])
    autre = _elire(conciliation, conseil.titulaires[5])
    services.membre_terminer(membre=conseil.titulaires[4], date_fin=datetime.date(2026, 1, 31), par=factories.systeme())
    siege.refresh_from_db()
    assert siege.date_fin == datetime.date(2026, 1, 31)
    services.commission_supprimer(commission=conciliation, date_fin=datetime.date(2026, 2, 28), par=factories.systeme())
    autre.refresh_from_db()
    assert autre.date_fin == datetime.date(2026, 2, 28)
    assert selectors.commissions_composition(date=datetime.date(2026, 3, 1)) == []


def test_la_reunion_d_une_commission_convoque_ses_membres_et_fait_l_objet_d_un_compte_rendu(
    conseil, django_capture_on_commit_callbacks
):
    conciliation = _creer("conciliation")
    for m in (conseil.titulaires[4], conseil.titulaires[5], conseil.suppleants[2]):
        _elire(conciliation, m)
    with pytest.raises(ValidationError) as err:
        services.seance_creer(
            date=JOUR_SEANCE, type="pleniere", commission_reunie=conciliation, par=factories.systeme()
        )
    assert "commission_reunie" in err.value.message_dict
    reunion = services.seance_creer(
        date=JOUR_SEANCE,
        type="commission",
        commission_reunie=conciliation,
        ordre_du_jour=["Plainte 2026-04"],
        par=factories.systeme(),
    )
    assert reunion.commission == "Commission de conciliation"
    with django_capture_on_commit_callbacks(execute=True):
        envoyes = services.seance_convoquer(
            seance=reunion, today=JOUR_SEANCE - datetime.timedelta(days=2), par=factories.systeme()
        )
    # Président and SG by right, three elected members.
    assert envoyes == 5 and len(mail.outbox) == 5
    attendus = {m.medecin.email for m in (conseil.president, conseil.sg, conseil.titulaires[4], conseil.titulaires[5])}
    assert attendus | {conseil.suppleants[2].medecin.email} == {m.to[0] for m in mail.outbox}
    services.seance_ouvrir(seance=reunion, par=factories.systeme())  # held: its compte rendu exists from then on
    texte = texte_pdf(documents.proces_verbal_pdf(seance_id=reunion.pk))
    assert "Compte rendu de la réunion de commission (Commission de conciliation)" in texte


def test_composition_de_toutes_les_commissions_en_un_nombre_fixe_de_requetes(conseil, django_assert_max_num_queries):
    def nombre():
        with django_assert_max_num_queries(budget("selecteur:commissions_composition", app="gouvernance")) as requetes:
            selectors.commissions_composition(date=JOUR_SEANCE)
        return len(requetes.captured_queries)

    conciliation = _creer("conciliation")
    _elire(conciliation, conseil.titulaires[4])
    petit = nombre()
    entraide = _creer("entraide")
    for i in range(5):
        _elire(entraide, conseil.suppleants[i])
    _creer("vigilance")
    assert nombre() == petit


# --- API and pages ---------------------------------------------------------------------------------------------


def test_api_commission_creee_par_le_president_composition_et_election(api_client, conseil):
    api_client.force_authenticate(conseil.president.medecin.user)
    r = api_client.post(f"{URL}/commissions/", {"nature": "conciliation", "date_debut": "2025-06-15"}, format="json")
    assert r.status_code == 201, r.json()
    commission = r.json()
    assert commission["nom"] == "Commission de conciliation"
    r = api_client.post(
        f"{URL}/commissions/{commission['id']}/membres/",
        {"membre": conseil.suppleants[0].pk, "date_debut": "2025-06-15"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    r = api_client.get(f"{URL}/commissions/{commission['id']}/composition/?date=2026-03-12")
    corps = r.json()
    assert [m["qualite"] for m in corps["membres"]] == ["droit", "droit", "elu"]
    assert "au moins trois" in corps["alertes"][0]
    r = api_client.post(
        f"{URL}/commissions/{commission['id']}/membres/",
        {"membre": conseil.suppleants[0].pk, "date_debut": "2025-07-01"},
        format="json",
    )
    assert r.status_code == 400 and "siège déjà" in r.json()["membre"][0]


def test_api_un_conseiller_sans_fonction_ne_cree_pas_de_commission(api_client, conseil):
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)
    r = api_client.post(f"{URL}/commissions/", {"nature": "entraide", "date_debut": "2025-06-15"}, format="json")
    assert r.status_code == 403
    assert api_client.get(f"{URL}/commissions/").status_code == 200
    assert not Commission.objects.exists()


def test_api_qui_exerce_la_presidence_quand_le_president_est_empeche(api_client, conseil):
    vp = services.fonction_attribuer(
        membre=conseil.titulaires[3], fonction="vice_president", ordre=1, date_debut=DEBUT, par=factories.systeme()
    ).membre
    services.indisponibilite_enregistrer(
        membre=conseil.president, date_debut=datetime.date(2026, 3, 1), par=factories.systeme()
    )
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)
    corps = api_client.get(f"{URL}/fonctions/titulaire/?fonction=president&date=2026-03-12").json()
    assert corps["membre"] == conseil.president.pk and corps["exercee_par"] == vp.pk


def test_la_page_publique_du_conseil_liste_les_commissions(client, conseil):
    entraide = _creer("entraide")
    delegue = _elire(entraide, conseil.titulaires[7], role="delegue_entraide").membre
    html = client.get(reverse("gouvernance:public_conseil")).content.decode()
    assert "Commission d&#x27;entraide" in html
    assert (
        f"Dr {delegue.medecin.prenom} {delegue.medecin.nom.upper()} – Délégué départemental à l&#x27;entraide" in html
    )
