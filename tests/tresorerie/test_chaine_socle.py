"""The expense chain's four steps by four different users, the line's credit at each step (seed 002 L.II T.I
2.1-2.3). The chain's own issue work extends these (documents, API, races, substitutes)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests import factories
from tests.tresorerie.conftest import JOUR
from tresorerie import services
from tresorerie.models import Engagement
from tresorerie.selectors import disponible


def _piece(engagement, par):
    return services.piece_deposer(
        engagement_id=engagement.pk, fichier=factories.fichier_pdf("facture.pdf"), par=par, today=JOUR
    )


def test_une_facture_de_l_engagement_au_paiement_par_quatre_utilisateurs(chaine, ligne_fournitures):
    e = services.engagement_engager(
        ligne_id=ligne_fournitures.pk,
        objet="Toner",
        tiers="Bureau Vallée",
        montant=Decimal("1200.00"),
        par=chaine.user("ordonnateur"),
        today=JOUR,
    )
    assert disponible(ligne_fournitures) == Decimal("8800.00")
    _piece(e, chaine.user("liquidateur"))
    services.engagement_liquider(
        engagement_id=e.pk, montant=Decimal("1150.00"), par=chaine.user("liquidateur"), today=JOUR
    )
    assert disponible(ligne_fournitures) == Decimal("8850.00")
    services.engagement_ordonnancer(engagement_id=e.pk, par=chaine.user("ordonnateur"), today=JOUR)
    assert disponible(ligne_fournitures) == Decimal("8850.00")
    e = services.engagement_payer(engagement_id=e.pk, mode="virement", date=JOUR, par=chaine.user("tresorier"))
    assert e.statut == "paye" and e.paye_par == chaine.user("tresorier")
    assert disponible(ligne_fournitures) == Decimal("8850.00")


def test_un_engagement_au_dela_du_credit_disponible_est_refuse_et_rien_n_est_ecrit(chaine, ligne_fournitures):
    with pytest.raises(ValidationError) as err:
        services.engagement_engager(
            ligne_id=ligne_fournitures.pk,
            objet="Copieur",
            tiers="Xerox",
            montant=Decimal("10000.01"),
            par=chaine.user("ordonnateur"),
            today=JOUR,
        )
    assert "montant" in err.value.message_dict
    assert not Engagement.objects.exists()


def test_le_tresorier_n_engage_pas(chaine, ligne_fournitures):
    with pytest.raises(PermissionDenied):
        services.engagement_engager(
            ligne_id=ligne_fournitures.pk,
            objet="Toner",
            tiers="Bureau Vallée",
            montant=Decimal("10.00"),
            par=chaine.user("tresorier"),
            today=JOUR,
        )
    assert not Engagement.objects.exists()


def test_la_base_refuse_que_le_liquidateur_soit_celui_qui_a_engage(ligne_fournitures):
    e = factories.EngagementFactory(ligne=ligne_fournitures)
    e.liquide_par = e.engage_par
    with pytest.raises(IntegrityError), transaction.atomic():
        e.save()


def test_une_facture_de_l_engagement_au_paiement_par_quatre_utilisateurs_differents(chaine, ligne_fournitures):
    """Four signatories, one per step: the SG engages on 1 March 2027; prevented from 5 March, his designated
    substitute orders the payment (as ordonnateur only); the liquidateur liquidates, the trésorier pays. The line's
    execution (engaged, liquidated, paid, available) is checked at each step (seed 002 L.II T.I 2.1-2.3)."""
    import datetime

    from tresorerie.selectors import execution_budget

    def ligne():
        execution = execution_budget(ligne_fournitures.budget)
        return next(d for d in execution["depenses"] if d["ligne"].pk == ligne_fournitures.pk)

    sg = chaine.user("ordonnateur")
    e = services.engagement_engager(
        ligne_id=ligne_fournitures.pk,
        objet="Maintenance du copieur",
        tiers="Bureautique Périgord",
        montant=Decimal("1800.00"),
        par=sg,
        today=datetime.date(2027, 3, 1),
    )
    etat = ligne()
    assert (etat["engage"], etat["liquide"], etat["paye"], etat["disponible"]) == (
        Decimal("1800.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("8200.00"),
    )
    factories.IndisponibiliteFactory(
        membre=chaine.ordonnateur, date_debut=datetime.date(2027, 3, 5), date_fin=datetime.date(2027, 3, 31)
    )
    services.piece_deposer(
        engagement_id=e.pk,
        fichier=factories.fichier_pdf("facture-copieur.pdf"),
        par=chaine.user("liquidateur"),
        today=datetime.date(2027, 3, 6),
    )
    services.engagement_liquider(
        engagement_id=e.pk, montant=Decimal("1750.00"), par=chaine.user("liquidateur"), today=datetime.date(2027, 3, 6)
    )
    etat = ligne()
    assert (etat["liquide"], etat["paye"], etat["disponible"]) == (
        Decimal("1750.00"),
        Decimal("0.00"),
        Decimal("8250.00"),
    )
    with pytest.raises(PermissionDenied):  # prevented, the SG does not sign: his substitute does
        services.engagement_ordonnancer(engagement_id=e.pk, par=sg, today=datetime.date(2027, 3, 8))
    services.engagement_ordonnancer(
        engagement_id=e.pk, par=chaine.user("ordonnateur_suppleant"), today=datetime.date(2027, 3, 8)
    )
    services.engagement_payer(
        engagement_id=e.pk, mode="virement", date=datetime.date(2027, 3, 10), par=chaine.user("tresorier")
    )
    etat = ligne()
    assert (etat["engage"], etat["liquide"], etat["paye"], etat["disponible"]) == (
        Decimal("1750.00"),
        Decimal("1750.00"),
        Decimal("1750.00"),
        Decimal("8250.00"),
    )
    e.refresh_from_db()
    signataires = [e.engage_par, e.liquide_par, e.ordonnance_par, e.paye_par]
    assert len(set(signataires)) == 4
    assert e.ordonnance_par == chaine.user("ordonnateur_suppleant")
