"""Stripe behind the same interface (variant "stripe", cotisations/fournisseurs_stripe.py), without the network:
the `stripe` package is replaced by a stand-in whose webhook check accepts only the right signing secret. The
doctor is sent to the Checkout session; the webhook's bad signature is refused, logged, writes nothing; a paid
session records one payment, a replay nothing more."""

import json
import logging
import sys
import types
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cotisations.models import Paiement, PaiementCarte
from tests import factories

pytestmark = pytest.mark.django_db
SECRET = "whsec_test"


class _SignatureFausse(Exception):
    pass


@pytest.fixture
def stripe_factice(monkeypatch, settings):
    module = types.ModuleType("stripe")
    module.error = types.SimpleNamespace(SignatureVerificationError=_SignatureFausse, StripeError=Exception)

    def construct_event(payload, signature, secret):
        if signature != f"v1={secret}":
            raise _SignatureFausse("No signatures found matching the expected signature for payload")
        return json.loads(payload)

    module.Webhook = types.SimpleNamespace(construct_event=construct_event)
    sessions = []

    def create(**donnees):
        sessions.append(donnees)
        return {"id": f"cs_test_{len(sessions)}", "url": f"https://checkout.stripe.example/c/{len(sessions)}"}

    module.checkout = types.SimpleNamespace(Session=types.SimpleNamespace(create=create))
    monkeypatch.setitem(sys.modules, "stripe", module)
    for nom in [n for n in sys.modules if n.startswith(("payments.stripe", "cotisations.fournisseurs_stripe"))]:
        monkeypatch.delitem(sys.modules, nom)
    settings.CDOM_PAIEMENT_FOURNISSEUR = "stripe"
    settings.PAYMENT_VARIANTS = {
        **settings.PAYMENT_VARIANTS,
        "stripe": (
            "cotisations.fournisseurs_stripe.FournisseurStripe",
            {"api_key": "sk_test", "endpoint_secret": SECRET},
        ),
    }
    from payments import core

    monkeypatch.setattr(core, "PROVIDER_CACHE", {})
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    return sessions


def _evenement(carte, *, session_id, payee=True):
    return json.dumps(
        {
            "type": "checkout.session.completed",
            "data": {
                "object": {
                    "id": session_id,
                    "client_reference_id": carte.token,
                    "status": "complete",
                    "payment_status": "paid" if payee else "unpaid",
                    "amount_total": int(carte.total * 100),
                }
            },
        }
    )


def _poster(client, corps, signature):
    return client.post(
        reverse("static_process_payment", kwargs={"variant": "stripe"}),
        data=corps,
        content_type="application/json",
        headers={"Stripe-Signature": signature},
    )


def test_le_medecin_va_sur_stripe_et_le_webhook_signe_enregistre_un_seul_paiement(client, stripe_factice, caplog):
    medecin = factories.MedecinFactory(avec_compte=True)
    cotisation = factories.CotisationFactory(medecin=medecin)
    client.force_login(medecin.user)
    reponse = client.post(reverse("cotisations_espace:payer", args=[cotisation.pk]), {"montant": "120"})
    page = client.get(reponse.url)
    assert page.status_code == 302 and page.url == "https://checkout.stripe.example/c/1"
    carte = PaiementCarte.objects.get()
    assert (carte.variant, carte.transaction_id) == ("stripe", "cs_test_1")
    (session,) = stripe_factice
    assert (
        session["client_reference_id"] == carte.token and session["line_items"][0]["price_data"]["unit_amount"] == 12000
    )
    assert session["success_url"].endswith(reverse("cotisations_espace:carte_retour", args=[carte.pk]))

    corps = _evenement(carte, session_id="cs_test_1")
    with caplog.at_level(logging.WARNING, logger="cotisations.fournisseurs_stripe"):
        assert _poster(client, corps, "v1=whsec_autre").status_code == 404
    assert any("Notification Stripe refusée" in r.getMessage() for r in caplog.records)
    carte.refresh_from_db()
    assert carte.suite == "en_attente" and not Paiement.objects.exists()

    assert _poster(client, corps, f"v1={SECRET}").status_code == 200
    assert _poster(client, corps, f"v1={SECRET}").status_code == 200  # replayed by Stripe
    paiement = Paiement.objects.get()
    assert (paiement.mode, paiement.montant, paiement.transaction) == ("cb", D("120.00"), "cs_test_1")
    carte.refresh_from_db()
    assert carte.suite == "enregistre"


def test_un_webhook_par_l_adresse_du_paiement_mal_signe_est_refuse(client, stripe_factice):
    cotisation = factories.CotisationFactory(medecin=factories.MedecinFactory(avec_compte=True))
    carte = factories.PaiementCarteFactory(cotisation=cotisation, variant="stripe")
    reponse = client.post(
        reverse("process_payment", kwargs={"token": carte.token}),
        data=_evenement(carte, session_id="cs_x"),
        content_type="application/json",
        headers={"Stripe-Signature": "v1=faux"},
    )
    assert reponse.status_code == 403 and not Paiement.objects.exists()


def test_sans_secret_de_webhook_le_fournisseur_stripe_refuse_de_demarrer(stripe_factice):
    from cotisations.fournisseurs_stripe import FournisseurStripe

    with pytest.raises(ValueError, match="STRIPE_SECRET_WEBHOOK"):
        FournisseurStripe(api_key="sk_test", endpoint_secret="")
