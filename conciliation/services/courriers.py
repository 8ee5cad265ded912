"""The letters and e-mails of a file (slice "documents"): the workflow's services call these at the moment the
law sets, inside their transaction; each writes the letters (PDF on demand) and programs the e-mails through
commun.services.envois_programmer. Until the documents slice lands they do nothing."""


def courriers_enregistrement(plainte, *, par, today) -> None:
    """Acknowledgement of receipt to the complainant, information of the doctor concerned (L4123-2 CSP)."""


def courriers_convocation(reunion, *, par, today) -> None:
    """Convocation of both parties to the conciliation meeting, naming the conciliators."""


def courriers_proces_verbal(proces_verbal, *, par, today) -> None:
    """The PV sent to the parties once established."""


def courriers_transmission(plainte, *, par, today) -> None:
    """The transmission letter to the chambre disciplinaire de première instance, and the parties informed."""
