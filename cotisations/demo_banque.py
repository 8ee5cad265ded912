"""The bank part of `python manage.py demo` (docs/nouvelle-app.md §7), through the services, as the system user,
idempotent: a CAMT.053 statement of the council's account for the month before `today`, with a credit citing the
first unpaid dues' RF reference (paid at once), one carrying the second debtor's name and amount (to confirm), one
from nobody (waiting) and a bank fee (set aside). A second run imports the same statement: every entry is already
known, nothing is recorded. The two accounts of the transfer stay « à compléter » (migration 0005).

To wire (tableau/management/commands/demo.py, after the dues are called): `banque_demo(par=systeme, today=today)`,
and the summary line « Banque : relevé de démonstration importé (n lignes) »."""

import datetime
from xml.sax.saxutils import escape

from .importation_releves import lire_releve
from .models import CompteBancaire, Cotisation, RoleCompte, StatutCotisation
from .services import releve_importer


def _camt(compte: str, entrees: list[tuple]) -> bytes:
    lignes = "".join(
        f"<Ntry><Amt Ccy='EUR'>{abs(m):.2f}</Amt><CdtDbtInd>{'CRDT' if m > 0 else 'DBIT'}</CdtDbtInd>"
        f"<BookgDt><Dt>{d:%Y-%m-%d}</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
        f"<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>{escape(nom)}</Nm></Dbtr></RltdPties>"
        f"<RmtInf><Ustrd>{escape(info)}</Ustrd></RmtInf></TxDtls></NtryDtls>"
        f"<AddtlNtryInf>{escape(libelle)}</AddtlNtryInf></Ntry>"
        for ref, d, m, libelle, info, nom in entrees
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'><BkToCstmrStmt>"
        "<GrpHdr><MsgId>DEMO</MsgId><CreDtTm>2026-01-01T00:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>DEMO</Id><Acct><Id><IBAN>{compte}</IBAN></Id></Acct>{lignes}</Stmt>"
        "</BkToCstmrStmt></Document>"
    ).encode()


def banque_demo(*, par, today: datetime.date) -> dict:
    dues = list(
        Cotisation.objects.filter(statut=StatutCotisation.DUE, montant_du__gt=0)
        .select_related("medecin", "societe")
        .order_by("annee", "id")[:2]
    )
    compte = CompteBancaire.objects.filter(role=RoleCompte.CONSEIL).values_list("iban", flat=True).first() or "DEMO"
    jour = today.replace(day=1) - datetime.timedelta(days=20)
    entrees = []
    if dues:
        c = dues[0]
        entrees.append(
            ("DEMO-1", jour, c.solde, f"VIR SEPA {c.redevable}".upper()[:140], c.reference, str(c.redevable))
        )
    if len(dues) > 1:
        c = dues[1]
        nom = (c.medecin.nom if c.medecin_id else c.societe.raison_sociale).upper()
        entrees.append(("DEMO-2", jour, c.montant_du, f"VIR {nom}", "cotisation ordinale", nom))
    entrees += [
        ("DEMO-3", jour, 42, "VIR SEPA M DUPUIS", "adhesion", "M DUPUIS"),
        ("DEMO-4", jour, -8, "FRAIS TENUE DE COMPTE", "", ""),
    ]
    releve = lire_releve(_camt(compte, entrees), "releve-demonstration.xml")
    return releve_importer(releve=releve, par=par, today=today)
