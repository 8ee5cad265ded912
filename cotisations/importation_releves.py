"""Reading a bank statement file (a door: it parses, `services.releve_importer` writes).

Two formats, recognised by their content, never by the file's name:
- OFX (1.x SGML or 2.x XML), read with ofxtools (`ofxtools.Parser.OFXTree`): FITID is the bank's entry id, NAME the
  label, MEMO the remittance information; OFX has no debtor name of its own (NAME is used for it);
- CAMT.053 (ISO 20022 « BkToCstmrStmt », any version 001.02 to 001.08), read with lxml: AcctSvcrRef (else NtryRef,
  else the transaction's AcctSvcrRef) is the bank's entry id, AddtlNtryInf the label, RmtInf (Ustrd, and the
  structured creditor reference CdtrRefInf/Ref) the remittance information, RltdPties/Dbtr the debtor.

A file that is neither, or a line that cannot be read (no date, no amount), refuses the whole file with a French
message naming the line: nothing of it is recorded (one bad line does not leave half a statement).
"""

import datetime
import hashlib
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from lxml import etree

from commun.fichiers import taille_lisible, taille_max_par_defaut

from .models import FormatReleve
from .services.banque import Operation, ReleveLu

ESPACES_CAMT = tuple(f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{v:02d}" for v in range(2, 9))
NI_OFX_NI_CAMT = (
    "Ce fichier n'est pas un relevé bancaire lisible : seuls les formats OFX et CAMT.053 (ISO 20022) sont acceptés. "
    "Exportez le relevé de votre banque dans l'un de ces formats."
)


def message_trop_gros() -> str:
    return (
        f"Le fichier dépasse {taille_lisible(taille_max_par_defaut())} : exportez de la banque un relevé couvrant "
        "une période plus courte."
    )


def empreinte(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


def reference_de_repli(date: datetime.date, montant: Decimal, libelle: str) -> str:
    """When the bank gives no id of its own: a hash of what identifies the entry (date, amount, label)."""
    cle = f"{date.isoformat()}|{montant:.2f}|{' '.join(libelle.split()).upper()}"
    return "H" + hashlib.sha256(cle.encode()).hexdigest()[:40]


def lire_releve(contenu: bytes, nom_fichier: str = "") -> ReleveLu:
    """The statement in `contenu`, whichever of the two formats it is; ValidationError (French) otherwise."""
    if not contenu:
        raise ValidationError({"fichier": ["Le fichier est vide."]})
    if len(contenu) > taille_max_par_defaut():  # settings.FICHIERS_TAILLE_MAX, as every upload
        raise ValidationError({"fichier": [message_trop_gros()]})
    debut = contenu.lstrip(b"\xef\xbb\xbf \t\r\n")[:400].upper()
    if debut.startswith(b"OFXHEADER") or b"<?OFX" in debut or b"<OFX>" in debut:
        return _lire_ofx(contenu, nom_fichier)
    if debut.startswith(b"<?XML") or debut.startswith(b"<DOCUMENT"):
        return _lire_camt(contenu, nom_fichier)
    raise ValidationError({"fichier": [NI_OFX_NI_CAMT]})


# --- OFX -------------------------------------------------------------------------------------------------------------


def _jour(valeur) -> datetime.date:
    return valeur.date() if isinstance(valeur, datetime.datetime) else valeur


def _lire_ofx(contenu: bytes, nom_fichier: str) -> ReleveLu:
    from ofxtools.Parser import OFXTree

    arbre = OFXTree()
    try:
        arbre.parse(io.BytesIO(contenu))
        ofx = arbre.convert()
        releves = ofx.statements
    except Exception as exc:  # ofxtools raises many kinds (header, SGML, value conversion)
        raise ValidationError({"fichier": [f"Fichier OFX illisible : {exc}".strip()[:300]]}) from exc
    if not releves:
        raise ValidationError({"fichier": ["Le fichier OFX ne contient aucun relevé de compte."]})
    stmt = releves[0]
    compte = (getattr(stmt.account, "acctid", "") or "").strip()
    liste = stmt.banktranlist
    operations = []
    for i, trn in enumerate(liste or [], start=1):
        if trn.dtposted is None or trn.trnamt is None:
            raise ValidationError({"fichier": [f"Opération n° {i} du fichier OFX sans date ou sans montant."]})
        date = _jour(trn.dtposted)
        montant = Decimal(trn.trnamt).quantize(Decimal("0.01"))
        libelle = (trn.name or getattr(trn, "payee", None) or "").strip()
        memo = (trn.memo or "").strip()
        reference = (trn.fitid or "").strip() or reference_de_repli(date, montant, f"{libelle} {memo}")
        operations.append(
            Operation(
                reference_banque=reference[:100],
                date=date,
                montant=montant,
                libelle=libelle[:500],
                informations=memo,
                nom_debiteur=libelle[:140] if montant > 0 else "",
            )
        )
    return ReleveLu(
        format=FormatReleve.OFX,
        nom_fichier=nom_fichier,
        empreinte=empreinte(contenu),
        compte=compte[:34],
        debut=_jour(liste.dtstart) if liste is not None and liste.dtstart else None,
        fin=_jour(liste.dtend) if liste is not None and liste.dtend else None,
        operations=operations,
    )


# --- CAMT.053 --------------------------------------------------------------------------------------------------------


def _texte(noeud, chemin: str, ns: dict) -> str:
    if noeud is None:
        return ""
    trouve = noeud.find(chemin, ns)
    return (trouve.text or "").strip() if trouve is not None and trouve.text else ""


def _date_camt(noeud, ns) -> datetime.date | None:
    valeur = _texte(noeud, "c:Dt", ns) or _texte(noeud, "c:DtTm", ns)
    if not valeur:
        return None
    try:
        return datetime.date.fromisoformat(valeur[:10])
    except ValueError:
        return None


def _lire_camt(contenu: bytes, nom_fichier: str) -> ReleveLu:
    analyseur = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        racine = etree.fromstring(contenu, analyseur)
    except etree.XMLSyntaxError as exc:
        raise ValidationError({"fichier": [f"Fichier XML illisible : {exc}"[:300]]}) from exc
    espace = etree.QName(racine).namespace
    if espace not in ESPACES_CAMT or etree.QName(racine).localname != "Document":
        raise ValidationError({"fichier": [NI_OFX_NI_CAMT]})
    ns = {"c": espace}
    stmt = racine.find("c:BkToCstmrStmt/c:Stmt", ns)
    if stmt is None:
        raise ValidationError({"fichier": ["Le fichier CAMT.053 ne contient aucun relevé (Stmt)."]})
    compte = _texte(stmt, "c:Acct/c:Id/c:IBAN", ns) or _texte(stmt, "c:Acct/c:Id/c:Othr/c:Id", ns)
    periode = stmt.find("c:FrToDt", ns)
    debut = fin = None
    if periode is not None:
        debut = _date_iso(_texte(periode, "c:FrDtTm", ns) or _texte(periode, "c:FrDt", ns))
        fin = _date_iso(_texte(periode, "c:ToDtTm", ns) or _texte(periode, "c:ToDt", ns))
    operations = []
    for i, ntry in enumerate(stmt.findall("c:Ntry", ns), start=1):
        operations.append(_operation_camt(i, ntry, ns))
    return ReleveLu(
        format=FormatReleve.CAMT053,
        nom_fichier=nom_fichier,
        empreinte=empreinte(contenu),
        compte=compte.replace(" ", "")[:34],
        debut=debut,
        fin=fin,
        operations=operations,
    )


def _date_iso(valeur: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(valeur[:10]) if valeur else None
    except ValueError:
        return None


def _operation_camt(i: int, ntry, ns) -> Operation:
    try:
        montant = Decimal(_texte(ntry, "c:Amt", ns))
    except InvalidOperation:
        raise ValidationError({"fichier": [f"Écriture n° {i} du relevé CAMT.053 sans montant lisible."]}) from None
    sens = _texte(ntry, "c:CdtDbtInd", ns)
    if sens not in ("CRDT", "DBIT"):
        raise ValidationError({"fichier": [f"Écriture n° {i} du relevé CAMT.053 : sens (CdtDbtInd) manquant."]})
    if sens == "DBIT":
        montant = -montant
    montant = montant.quantize(Decimal("0.01"))
    date = _date_camt(ntry.find("c:BookgDt", ns), ns) or _date_camt(ntry.find("c:ValDt", ns), ns)
    if date is None:
        raise ValidationError({"fichier": [f"Écriture n° {i} du relevé CAMT.053 sans date de comptabilisation."]})
    tx = ntry.find("c:NtryDtls/c:TxDtls", ns)
    libelle = _texte(ntry, "c:AddtlNtryInf", ns) or _texte(tx, "c:AddtlTxInf", ns)
    infos = []
    if tx is not None:
        infos += [(n.text or "").strip() for n in tx.findall("c:RmtInf/c:Ustrd", ns) if n.text]
        infos += [(n.text or "").strip() for n in tx.findall("c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref", ns) if n.text]
    # The debtor: RltdPties/Dbtr/Nm up to version 07, RltdPties/Dbtr/Pty/Nm from version 08.
    debiteur = _texte(tx, "c:RltdPties/c:Dbtr/c:Nm", ns) or _texte(tx, "c:RltdPties/c:Dbtr/c:Pty/c:Nm", ns)
    reference = (
        _texte(ntry, "c:AcctSvcrRef", ns)
        or _texte(ntry, "c:NtryRef", ns)
        or _texte(tx, "c:Refs/c:AcctSvcrRef", ns)
        or reference_de_repli(date, montant, f"{libelle} {' '.join(infos)}")
    )
    return Operation(
        reference_banque=reference[:100],
        date=date,
        montant=montant,
        libelle=libelle[:500],
        informations="\n".join(infos),
        nom_debiteur=debiteur[:140],
    )
