"""The card payment providers (django-payments' `PAYMENT_VARIANTS`, config/settings.py): a door, like a view.

Each verifies the provider's notification before anything is written, then calls one service as the system user
(`paiement_carte_confirmer` or `paiement_carte_refuser`): a bad signature is refused (403), logged as a warning,
and writes nothing; a replay of a confirmed transaction records nothing more (the service and the unique
transaction id). The notification arrives at django-payments' URLs (payments.urls, under /paiements/):
`process/<token>/` for one payment, `process/<variant>/` for a provider that posts every notification to one URL.

- `FournisseurTest` (variant "test", the tests and the demo): a simulated bank. Its page (the provider's form)
  asks whether the payment goes through; the answer is sent as the bank would, a JSON notification signed with
  HMAC-SHA256 and the settings' secret (`CDOM_PAIEMENT_SECRET_TEST`) in the `X-Cdom-Signature` header, and goes
  through the very check a notification posted to /paiements/process/<token>/ goes through.
- `FournisseurStripe` (variant "stripe", cotisations/fournisseurs_stripe.py: it needs the `stripe` package):
  Stripe Checkout, the webhook's signature checked with its signing secret.
"""

import hashlib
import hmac
import json
import logging
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from payments import RedirectNeeded
from payments.core import BasicProvider

from commun.services import utilisateur_systeme

from . import services
from .models import SuiteCarte

journal = logging.getLogger(__name__)

ENTETE_SIGNATURE = "X-Cdom-Signature"
CONFIRME, REFUSE = "confirme", "refuse"


def signer(secret: str, corps: bytes) -> str:
    """The notification's signature: HMAC-SHA256 of the raw body with the shared secret, in hexadecimal."""
    return hmac.new(secret.encode(), corps, hashlib.sha256).hexdigest()


def notification_test(*, secret: str, jeton: str, transaction: str, statut: str, montant) -> tuple[bytes, str]:
    """The body and signature the simulated bank sends (also what the tests post)."""
    corps = json.dumps(
        {"jeton": jeton, "transaction": transaction, "statut": statut, "montant": str(montant)}, sort_keys=True
    ).encode()
    return corps, signer(secret, corps)


class FormulaireBanqueTest(forms.Form):
    issue = forms.ChoiceField(
        label="Réponse de la banque (simulée)",
        choices=[(CONFIRME, "Paiement accepté"), (REFUSE, "Paiement refusé")],
        widget=forms.RadioSelect,
        initial=CONFIRME,
    )


def confirmer(paiement_carte, *, transaction: str, montant: Decimal):
    return services.paiement_carte_confirmer(
        paiement_carte=paiement_carte,
        transaction_id=transaction,
        montant=montant,
        par=utilisateur_systeme(),
        today=timezone.localdate(),
    )


def refuser(paiement_carte, *, motif: str):
    return services.paiement_carte_refuser(
        paiement_carte=paiement_carte, motif=motif, par=utilisateur_systeme(), today=timezone.localdate()
    )


class FournisseurTest(BasicProvider):
    """The simulated bank (see the module's docstring)."""

    def __init__(self, secret: str, **kwargs):
        super().__init__(**kwargs)
        if not secret:
            raise ValueError("Le fournisseur de paiement de test exige un secret (CDOM_PAIEMENT_SECRET_TEST).")
        self.secret = secret

    # --- the bank's page -------------------------------------------------------------------------------------

    def get_form(self, payment, data=None):
        # The simulated bank is served by this site: back to the relative page (SITE_URL may name another host).
        if payment.suite != SuiteCarte.EN_ATTENTE:
            raise RedirectNeeded(payment.chemin_retour())
        form = FormulaireBanqueTest(data=data)
        if form.is_valid():
            statut = form.cleaned_data["issue"]
            corps, signature = notification_test(
                secret=self.secret,
                jeton=payment.token,
                transaction=f"TEST-{uuid.uuid4().hex}",
                statut=statut,
                montant=payment.total,
            )
            self.notification(payment, corps, signature)
            raise RedirectNeeded(payment.chemin_retour())
        return form

    # --- the notification ------------------------------------------------------------------------------------

    def _lire(self, corps: bytes, signature: str | None) -> dict | None:
        """The notification's data if its signature is right, else None (logged)."""
        attendue = signer(self.secret, corps)
        if not signature or not hmac.compare_digest(attendue, signature.strip()):
            journal.warning("Notification de paiement par carte refusée : signature absente ou fausse")
            return None
        try:
            donnees = json.loads(corps)
        except ValueError:
            journal.warning("Notification de paiement par carte refusée : corps illisible")
            return None
        return donnees if isinstance(donnees, dict) else None

    def get_token_from_request(self, payment, request):
        donnees = self._lire(request.body, request.headers.get(ENTETE_SIGNATURE))
        return donnees.get("jeton") if donnees else None

    def process_data(self, payment, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self.notification(payment, request.body, request.headers.get(ENTETE_SIGNATURE))

    def notification(self, payment, corps: bytes, signature: str | None):
        donnees = self._lire(corps, signature)
        if donnees is None:
            return HttpResponseForbidden("Signature invalide.")
        if donnees.get("jeton") != payment.token:
            journal.warning("Notification de paiement par carte refusée : elle porte sur un autre paiement")
            return HttpResponseForbidden("Cette notification porte sur un autre paiement.")
        try:
            if donnees.get("statut") == CONFIRME:
                confirmer(payment, transaction=str(donnees.get("transaction", "")), montant=Decimal(donnees["montant"]))
            else:
                refuser(payment, motif="Paiement refusé par la banque.")
        except (KeyError, InvalidOperation, ValidationError) as err:
            journal.warning("Notification de paiement par carte %s non enregistrée : %s", payment.pk, err)
            return HttpResponseBadRequest("Notification non enregistrée.")
        return JsonResponse({"statut": "ok"})

    def capture(self, payment, amount=None):
        raise NotImplementedError

    def release(self, payment):
        raise NotImplementedError

    def refund(self, payment, amount=None):
        raise NotImplementedError
