"""The public page of the council (seed 002 L.I 2.1.3 and 2.2): members by binôme, the bureau in its order, the
functions of the expense chain and the delegations in force are published."""

import datetime

from django.urls import reverse
from django.utils import timezone

from gouvernance import selectors, services
from tests import factories

from .conftest import DEBUT

PAGE = reverse("gouvernance:public_conseil")


def test_la_composition_publique_du_conseil_de_la_dordogne(client, conseil):
    today = timezone.localdate()
    vp = services.fonction_attribuer(
        membre=conseil.titulaires[3], fonction="vice_president", ordre=1, date_debut=DEBUT, par=factories.systeme()
    )
    services.fonction_attribuer(
        membre=conseil.titulaires[5], fonction="liquidateur", date_debut=DEBUT, par=factories.systeme()
    )
    services.delegation_accorder(
        delegant=conseil.fonctions["president"],
        delegataire=conseil.titulaires[3],
        type="signature",
        objet="Autorisations de remplacement par un étudiant de troisième cycle (L4131-2)",
        date_debut=DEBUT,
        par=factories.systeme(),
    )
    retiree = services.delegation_accorder(
        delegant=conseil.fonctions["secretaire_general"],
        delegataire=conseil.titulaires[6],
        type="attribution",
        objet="Contrats d'exercice en société",
        date_debut=DEBUT,
        par=factories.systeme(),
    )
    services.delegation_retirer(
        delegation=retiree, date_fin=today - datetime.timedelta(days=1), par=factories.systeme()
    )
    composition = selectors.composition_publique(date=today)
    assert len(composition["titulaires"]) == 16 and len(composition["suppleants"]) == 16
    assert [f.fonction for f in composition["bureau"]] == [
        "president",
        "vice_president",
        "secretaire_general",
        "tresorier",
    ]
    assert [f.fonction for f in composition["autres_fonctions"]] == ["liquidateur"]

    reponse = client.get(PAGE)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Membres titulaires (16)" in html and "Membres suppléants (16)" in html
    assert f"Dr {vp.membre.medecin.prenom} {vp.membre.medecin.nom.upper()}" in html
    assert "(1er dans l'ordre de suppléance)" in html
    assert "Autorisations de remplacement par un étudiant de troisième cycle" in html
    # A delegation withdrawn yesterday is no longer published.
    assert "Contrats d&#x27;exercice en société" not in html and "Contrats d'exercice en société" not in html


def test_un_mandat_termine_n_est_plus_publie(client, conseil):
    ancien = factories.MembreFactory(
        medecin=factories.MedecinFactory(nom="Ancienmandat"),
        date_debut=datetime.date(2019, 6, 1),
        date_fin=datetime.date(2025, 5, 31),
    )
    html = client.get(PAGE).content.decode()
    assert ancien.medecin.nom.upper() not in html
    assert conseil.titulaires[0].medecin.nom.upper() in html
