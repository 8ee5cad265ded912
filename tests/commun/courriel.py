"""An e-mail backend that fails a given number of times, or always for some addresses, then delivers to the
locmem outbox (in-process tests)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class BackendInstable(EmailBackend):
    echecs_restants = 0
    adresses_refusees: set[str] = set()

    def send_messages(self, messages):
        if BackendInstable.echecs_restants > 0:
            BackendInstable.echecs_restants -= 1
            raise smtplib.SMTPServerDisconnected("Connexion au serveur de courriel perdue (essai)")
        for message in messages:
            refusees = set(message.to) & BackendInstable.adresses_refusees
            if refusees:
                raise smtplib.SMTPRecipientsRefused({a: (550, b"Boite inconnue") for a in refusees})
        return super().send_messages(messages)
