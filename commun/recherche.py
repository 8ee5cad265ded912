"""Search that ignores accents and case, on both databases (ARCHITECTURE.md "Two databases, one code").

`Normalise(expression)` is the SQL function `cdom_normaliser(text)`; `normaliser(texte)` is the same in Python, for
what a person typed. A search compares the two: `Contains(Normalise("nom"), normaliser(mot))`, so `elodie` finds
Élodie, `MÉNARD` Ménard and `perigueux` Périgueux.

- PostgreSQL: `cdom_normaliser` is an IMMUTABLE SQL function over the `unaccent` extension, created by
  commun/migrations/0001; each searched column has a trigram GIN index (`pg_trgm`) on exactly the expression
  `cdom_normaliser(column)`, so a `LIKE '%…%'` on it is an index scan, not a scan of the table (30 000 doctors).
- SQLite: the Python function is registered on every connection (`connection_created`, deterministic).

Both lower-case, drop the accents, spell out the ligatures (œ → oe) and read a hyphen or an apostrophe as a space
(`saint astier` finds Saint-Astier).
"""

import unicodedata

from django.db.models import CharField, Func

FONCTION_SQL = "cdom_normaliser"

# What unaccent's rules spell in several letters, or map, and Unicode's decomposition (NFKD) does not.
_LETTRES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
)
_SEPARATEURS = str.maketrans({"-": " ", "'": " ", "’": " ", "‘": " "})

# The SQL twin of `_SEPARATEURS`, for translate(): each character of the first string becomes the one at the same
# place in the second.
SEPARATEURS_SQL = ("-'’‘", "    ")


def normaliser(texte: str | None) -> str | None:
    """Lower case, no accent, ligatures spelled out, hyphens and apostrophes read as spaces."""
    if texte is None:
        return None
    decompose = unicodedata.normalize("NFKD", texte.translate(_LETTRES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return sans_accents.translate(_SEPARATEURS).lower()


class Normalise(Func):
    """`cdom_normaliser(expression)`: the searched side of a comparison with `normaliser()`."""

    function = FONCTION_SQL
    arity = 1
    output_field = CharField()


def sqlite_enregistrer(sender, connection, **kwargs) -> None:
    """connection_created: give a SQLite connection the SQL function (PostgreSQL has it from the migration)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FONCTION_SQL, 1, normaliser, deterministic=True)
