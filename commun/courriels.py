"""An e-mail as an app composes it: subject, plain-text body from a template under templates/courriels/, PDFs.

An app's `courriels.py` turns an object id into a `Courriel` (reads through its selectors, PDFs through its
documents.py); the task of commun/tasks.py sends it to each recipient's row.
"""

from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.template.loader import render_to_string


@dataclass(frozen=True)
class Courriel:
    sujet: str
    corps: str
    # (file name, content, MIME type), as EmailMessage.attach takes them.
    pieces_jointes: tuple[tuple[str, bytes, str], ...] = field(default_factory=tuple)
    # The addresses an answer goes to (Reply-To), when it is not the council's: a doctor's answer to an ad.
    repondre_a: tuple[str, ...] = field(default_factory=tuple)

    def message(self, *, destinataire: str, connection=None) -> EmailMessage:
        message = EmailMessage(
            subject=self.sujet,
            body=self.corps,
            to=[destinataire],
            connection=connection,
            reply_to=list(self.repondre_a) or None,
        )
        for nom, contenu, type_mime in self.pieces_jointes:
            message.attach(nom, contenu, type_mime)
        return message


def corps(gabarit: str, contexte: dict) -> str:
    """The plain-text body from `templates/courriels/<app>/<nom>.txt`, wrapped in `{% autoescape off %}` (it is not
    HTML); the blank lines the template tags leave at the end are dropped."""
    return render_to_string(gabarit, contexte).rstrip() + "\n"
