"""The remittance slip as PDF (templates/pdf/cotisations/bordereau.html, WeasyPrint through config.pdf)."""

from config.pdf import rendre_pdf

from .models import BordereauRemise
from .selectors import bordereau_detail


def bordereau_pdf(bordereau: BordereauRemise) -> bytes:
    return rendre_pdf(
        "pdf/cotisations/bordereau.html", {"bordereau": bordereau, "cheques": bordereau_detail(bordereau)}
    )
