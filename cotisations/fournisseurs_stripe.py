"""Stripe Checkout behind the same interface (variant "stripe"; needs the `stripe` package, django-payments'
`stripe` extra): django-payments' StripeProviderV3 creates the Checkout session and sends the doctor there; its
webhook (SITE_URL/paiements/process/stripe/, events checkout.session.*) is verified with the endpoint's signing
secret. A bad signature is refused (403 or 404, logged, nothing written); a paid session records the payment
through `paiement_carte_confirmer` with the session's id as the transaction id (unique: a replay records nothing
more)."""

import logging
from decimal import Decimal

import stripe
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from payments import PaymentError
from payments.stripe.providers import StripeProviderV3, stripe_enabled_events, zero_decimal_currency

from .fournisseurs import confirmer, refuser

journal = logging.getLogger(__name__)


class FournisseurStripe(StripeProviderV3):
    def __init__(self, api_key, endpoint_secret, **kwargs):
        if not endpoint_secret:
            raise ValueError("STRIPE_SECRET_WEBHOOK est obligatoire : sans lui les notifications ne se vérifient pas.")
        super().__init__(api_key=api_key, endpoint_secret=endpoint_secret, secure_endpoint=True, **kwargs)

    def _evenement(self, request):
        try:
            return self.return_event_payload(request)
        except (ValueError, PaymentError, stripe.error.SignatureVerificationError) as err:
            journal.warning("Notification Stripe refusée : %s", err)
            return None

    def get_token_from_request(self, payment, request):
        evenement = self._evenement(request)
        if evenement is None:
            return None
        return (evenement.get("data", {}).get("object") or {}).get("client_reference_id")

    def process_data(self, payment, request):
        evenement = self._evenement(request)
        if evenement is None:
            return HttpResponseForbidden("Signature invalide.")
        if evenement.get("type") not in stripe_enabled_events:
            return JsonResponse({"statut": "ignoré"})
        session = evenement["data"]["object"]
        if session.get("client_reference_id") != payment.token:
            journal.warning("Notification Stripe refusée : elle porte sur un autre paiement")
            return HttpResponseForbidden("Cette notification porte sur un autre paiement.")
        try:
            if session.get("payment_status") == "paid":
                facteur = 1 if payment.currency.lower() in zero_decimal_currency else 100
                confirmer(payment, transaction=session["id"], montant=Decimal(session["amount_total"]) / facteur)
            elif session.get("status") == "expired":
                refuser(payment, motif="Session de paiement Stripe expirée.")
        except (KeyError, ValidationError) as err:
            journal.warning("Notification Stripe %s non enregistrée : %s", payment.pk, err)
            return HttpResponseBadRequest("Notification non enregistrée.")
        return JsonResponse({"statut": "ok"})
