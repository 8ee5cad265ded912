"""Concatenate PDF files into one, in constant memory: each input is parsed with pypdf, its pages and every object
they reach are renumbered and written out at once, then the input is dropped; only the output's cross-reference
offsets stay in memory (a few bytes per object). pypdf's PdfWriter.append keeps every page of the result in
memory until it writes, so a print run of 10 000 letters needed twice the memory of one of 1 000 (issue 10,
point 12: « memory flat in the number of letters »).

What is kept: the pages, their content, resources, fonts, images and annotations (a link to another page of the
same input keeps pointing at it). What is dropped: each input's outline, named destinations and document
information (the print run's letters have none worth keeping). Objects shared between inputs (a font subset of
each chunk) are not merged: each input's own are written, as PdfWriter.append does.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Page attributes a page may inherit from its ancestors in the page tree (ISO 32000-1, 7.7.3.4).
HERITABLES = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
CATALOGUE, RACINE_PAGES = 1, 2


class _Sortie:
    def __init__(self, flux):
        self.flux = flux
        # The byte offset of each object (0: not written; offset 0 is the header's, never an object's), as a
        # machine array: 8 bytes an object, where a list of ints would take 36.
        self.positions = array("Q", [0, 0, 0])  # 0: free head; 1: catalogue; 2: page tree

    def reserver(self) -> int:
        self.positions.append(0)
        return len(self.positions) - 1

    def ecrire(self, numero: int, objet) -> None:
        self.positions[numero] = self.flux.tell()
        self.flux.write(f"{numero} 0 obj\n".encode())
        objet.write_to_stream(self.flux)
        self.flux.write(b"\nendobj\n")


def _copier(objet, renvoi):
    """A copy of a direct object whose indirect references are renumbered by `renvoi` (a reference → number)."""
    if isinstance(objet, IndirectObject):
        return IndirectObject(renvoi(objet), 0, None)
    if isinstance(objet, StreamObject):
        copie = StreamObject()
        copie._data = objet._data  # the stream as stored (still encoded): no decompression, no recompression
        for cle, valeur in objet.items():
            copie[NameObject(cle)] = _copier(valeur, renvoi)
        return copie
    if isinstance(objet, DictionaryObject):
        copie = DictionaryObject()
        for cle, valeur in objet.items():
            copie[NameObject(cle)] = _copier(valeur, renvoi)
        return copie
    if isinstance(objet, ArrayObject):
        return ArrayObject(_copier(v, renvoi) for v in objet)
    return objet


def _ajouter(sortie: _Sortie, chemin, pages: array) -> None:
    lecteur = PdfReader(str(chemin))
    numeros: dict[tuple[int, int], int] = {}
    a_ecrire: list[IndirectObject] = []

    def renvoi(ref: IndirectObject) -> int:
        cle = (ref.idnum, ref.generation)
        if cle not in numeros:
            numeros[cle] = sortie.reserver()
            a_ecrire.append(ref)
        return numeros[cle]

    for page in lecteur.pages:
        propre = DictionaryObject({NameObject(k): v for k, v in page.items() if k != "/Parent"})
        for cle in HERITABLES:
            if cle not in propre:
                ancetre = page.get("/Parent")
                while ancetre is not None:
                    ancetre = ancetre.get_object()
                    if cle in ancetre:
                        propre[NameObject(cle)] = ancetre[cle]
                        break
                    ancetre = ancetre.get("/Parent")
        numero = renvoi(page.indirect_reference)
        copie = _copier(propre, renvoi)
        copie[NameObject("/Parent")] = IndirectObject(RACINE_PAGES, 0, None)
        sortie.ecrire(numero, copie)
        pages.append(numero)
    ecrits = set(pages[-len(lecteur.pages) :]) if len(lecteur.pages) else set()
    while a_ecrire:
        ref = a_ecrire.pop()
        numero = numeros[(ref.idnum, ref.generation)]
        if numero in ecrits:
            continue
        ecrits.add(numero)
        objet = ref.get_object()
        if isinstance(objet, DictionaryObject) and objet.get("/Type") == "/Pages":
            # A reference to the input's page tree (from an annotation, say): point at the output's instead.
            sortie.positions[numero] = 0
            continue
        sortie.ecrire(numero, _copier(objet, renvoi))


def concatener(chemins: Iterable[str | Path], flux) -> int:
    """Write to the binary stream `flux` the pages of every file of `chemins`, in order; return the page count."""
    sortie = _Sortie(flux)
    flux.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    pages = array("Q")
    for chemin in chemins:
        _ajouter(sortie, chemin, pages)
        gc.collect()  # the input's object graph has cycles (pages ↔ parents): free it before the next
    # The page tree, written as it goes (10 000 kids as objects would be the largest thing in memory).
    sortie.positions[RACINE_PAGES] = flux.tell()
    flux.write(f"{RACINE_PAGES} 0 obj\n<< /Type /Pages /Count {len(pages)} /Kids [".encode())
    for debut in range(0, len(pages), 1000):
        flux.write(" ".join(f"{n} 0 R" for n in pages[debut : debut + 1000]).encode() + b" ")
    flux.write(b"] >>\nendobj\n")
    sortie.ecrire(
        CATALOGUE,
        DictionaryObject(
            {NameObject("/Type"): NameObject("/Catalog"), NameObject("/Pages"): IndirectObject(RACINE_PAGES, 0, None)}
        ),
    )
    debut_xref = flux.tell()
    taille = len(sortie.positions)
    flux.write(f"xref\n0 {taille}\n0000000000 65535 f \n".encode())
    for position in sortie.positions[1:]:
        if not position:
            flux.write(b"0000000000 65535 f \n")
        else:
            flux.write(f"{position:010d} 00000 n \n".encode())
    flux.write(f"trailer\n<< /Size {taille} /Root {CATALOGUE} 0 R >>\nstartxref\n{debut_xref}\n%%EOF\n".encode())
    return len(pages)
