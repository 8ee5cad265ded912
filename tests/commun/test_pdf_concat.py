"""commun/pdf_concat.py: the print run's merge, in constant memory (issue 10 point 12)."""

import io
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from commun.pdf_concat import concatener

RACINE = Path(__file__).parents[2]
PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


def _lot(tmp_path, i, pages=4):
    sections = "".join(
        f"<section id='l{i}-{j}' style='page-break-after:always'><h1>Appel {i}-{j}</h1>"
        f"<p>Docteur Ménard, cotisation 335,00 €</p><img alt='' src='{PIXEL}'><a href='#l{i}-0'>haut</a></section>"
        for j in range(pages)
    )
    chemin = tmp_path / f"lot{i}.pdf"
    HTML(string=sections).write_pdf(chemin)
    return chemin


def test_les_pages_des_lots_se_suivent_dans_l_ordre_et_le_fichier_est_un_pdf_valide(tmp_path):
    lots = [_lot(tmp_path, i) for i in range(3)]
    flux = io.BytesIO()
    assert concatener(lots, flux) == 12
    lecteur = PdfReader(io.BytesIO(flux.getvalue()), strict=True)
    assert len(lecteur.pages) == 12
    titres = [p.extract_text().splitlines()[0] for p in lecteur.pages]
    assert titres == [f"Appel {i}-{j}" for i in range(3) for j in range(4)]
    # Each page keeps its box, its fonts and its image; its parent is the output's page tree.
    for page in lecteur.pages:
        assert page.mediabox.width > 500
        assert page["/Resources"]["/Font"]
        assert page["/Parent"].get_object()["/Count"] == 12


def test_le_resultat_est_le_meme_que_celui_de_pypdf_page_par_page(tmp_path):
    lots = [_lot(tmp_path, i, pages=2) for i in range(2)]
    flux = io.BytesIO()
    concatener(lots, flux)
    writer = PdfWriter()
    for lot in lots:
        writer.append(str(lot))
    attendu = io.BytesIO()
    writer.write(attendu)
    nous, eux = PdfReader(flux), PdfReader(attendu)
    assert [p.extract_text() for p in nous.pages] == [p.extract_text() for p in eux.pages]


MESURE = """
import resource, sys
from commun.pdf_concat import concatener
lots = [sys.argv[1]] * int(sys.argv[2])
with open(sys.argv[3], "wb") as f:
    concatener(lots, f)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_la_memoire_ne_croit_pas_avec_le_nombre_de_lettres(tmp_path):
    """Ten times the letters, the same peak memory within 20 % (pypdf's PdfWriter.append took 5×)."""
    lot = _lot(tmp_path, 0, pages=50)

    def pic(nombre):
        sortie = subprocess.run(
            [sys.executable, "-c", MESURE, str(lot), str(nombre), str(tmp_path / f"sortie{nombre}.pdf")],
            capture_output=True,
            text=True,
            check=True,
            cwd=str(RACINE),
        )
        return int(sortie.stdout.strip())

    petit, grand = pic(4), pic(40)
    assert len(PdfReader(tmp_path / "sortie40.pdf").pages) == 2000
    assert grand <= petit * 1.2, (petit, grand)
