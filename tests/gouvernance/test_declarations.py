import datetime

import pytest
from django.core.exceptions import ValidationError

from gouvernance import selectors, services
from gouvernance.models import DeclarationInterets
from tests import factories

from .conftest import DEBUT

AUJOURDHUI = datetime.date(2025, 6, 20)


def deposer(membre, **donnees):
    base = {"activite_principale": "liberale_cabinet", "certifie_exact": True, "fait_a": "Périgueux"}
    return services.declaration_interets_deposer(
        membre=membre, donnees=base | donnees, par=factories.systeme(), today=AUJOURDHUI
    )


def test_declaration_d_interets_versionnee_la_derniere_est_courante(conseil):
    membre = conseil.titulaires[4]
    v1 = deposer(membre, attestation_signee=True)
    v2 = deposer(
        membre,
        activites_remunerees=[
            {
                "organisme": "Laboratoire X",
                "fonction": "Orateur",
                "remuneration": "declarant",
                "debut": "01/2024",
                "fin": "",
            }
        ],
    )
    assert (v1.version, v2.version) == (1, 2)
    assert v1.attestation_signee_le == AUJOURDHUI
    assert selectors.declaration_courante(membre=membre) == v2
    assert DeclarationInterets.objects.filter(membre=membre).count() == 2


def test_declarations_publiees_une_par_membre_en_fonction(conseil):
    deposer(conseil.titulaires[4])
    courante = deposer(conseil.titulaires[4])
    ancien = factories.MembreFactory(date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2022, 5, 31))
    deposer(ancien)
    publiees = selectors.declarations_publiees(date=DEBUT)
    assert publiees == [courante]


def test_declaration_sans_certification_refusee(conseil):
    with pytest.raises(ValidationError) as err:
        deposer(conseil.titulaires[4], certifie_exact=False)
    assert "certifie_exact" in err.value.message_dict
    assert not DeclarationInterets.objects.exists()


def test_declaration_champ_inconnu_ou_liste_mal_formee_refusee(conseil):
    with pytest.raises(ValidationError) as err:
        deposer(conseil.titulaires[4], liens_parente="mon frère", salaire=3)
    assert set(err.value.message_dict) == {"salaire"}
    with pytest.raises(ValidationError) as err:
        deposer(conseil.titulaires[4], liens_parente="mon frère")
    assert "liens_parente" in err.value.message_dict
