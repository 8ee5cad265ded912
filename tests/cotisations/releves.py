"""Bank statements written by the tests: OFX 1.02 (SGML) and CAMT.053 (any version 02-08), from a list of entries
`(reference_banque, date, montant, libelle, memo, debiteur)`; `montant` negative for a debit."""

import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

COMPTE_CONSEIL = "FR7699999000010000000000115"


def espacer(reference: str, groupe: int = 4) -> str:
    """A reference as a person types it on a transfer: in groups of 4, in lower case."""
    return " ".join(reference[i : i + groupe] for i in range(0, len(reference), groupe)).lower()


def ofx(operations, *, compte="00012345678", debut="20260301", fin="20260331") -> bytes:
    lignes = []
    for ref, date, montant, libelle, memo, _debiteur in operations:
        montant = Decimal(montant)
        lignes.append(
            "<STMTTRN>"
            f"<TRNTYPE>{'CREDIT' if montant > 0 else 'DEBIT'}"
            f"<DTPOSTED>{date:%Y%m%d}"
            f"<TRNAMT>{montant:.2f}"
            + (f"<FITID>{ref}" if ref else "<FITID>")
            + f"<NAME>{escape(libelle)}"
            + (f"<MEMO>{escape(memo)}" if memo else "")
            + "</STMTTRN>"
        )
    corps = "\n".join(lignes)
    texte = f"""OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260401120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>99999<BRANCHID>00001<ACCTID>{compte}<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>{debut}<DTEND>{fin}
{corps}
</BANKTRANLIST><LEDGERBAL><BALAMT>1000.00<DTASOF>{fin}</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""
    return texte.encode("ascii")


def camt053(operations, *, version=2, compte=COMPTE_CONSEIL) -> bytes:
    espace = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02d}"
    entrees = []
    for ref, date, montant, libelle, memo, debiteur in operations:
        montant = Decimal(montant)
        if debiteur:
            nom = f"<Pty><Nm>{escape(debiteur)}</Nm></Pty>" if version >= 8 else f"<Nm>{escape(debiteur)}</Nm>"
            parties = f"<RltdPties><Dbtr>{nom}</Dbtr></RltdPties>"
        else:
            parties = ""
        entrees.append(
            f"""<Ntry>
  <Amt Ccy="EUR">{abs(montant):.2f}</Amt>
  <CdtDbtInd>{"CRDT" if montant > 0 else "DBIT"}</CdtDbtInd>
  <Sts>BOOK</Sts>
  <BookgDt><Dt>{date:%Y-%m-%d}</Dt></BookgDt>
  <ValDt><Dt>{date:%Y-%m-%d}</Dt></ValDt>
  {f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""}
  <BkTxCd/>
  <NtryDtls><TxDtls>
    {parties}
    {f"<RmtInf><Ustrd>{escape(memo)}</Ustrd></RmtInf>" if memo else ""}
  </TxDtls></NtryDtls>
  <AddtlNtryInf>{escape(libelle)}</AddtlNtryInf>
</Ntry>"""
        )
    corps = "\n".join(entrees)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{espace}">
<BkToCstmrStmt>
<GrpHdr><MsgId>RELEVE-TEST</MsgId><CreDtTm>2026-04-01T08:00:00</CreDtTm></GrpHdr>
<Stmt>
  <Id>STMT-2026-03</Id>
  <CreDtTm>2026-04-01T08:00:00</CreDtTm>
  <FrToDt><FrDtTm>2026-03-01T00:00:00</FrDtTm><ToDtTm>2026-03-31T23:59:59</ToDtTm></FrToDt>
  <Acct><Id><IBAN>{compte}</IBAN></Id></Acct>
  {corps}
</Stmt>
</BkToCstmrStmt>
</Document>
""".encode()


J = datetime.date
