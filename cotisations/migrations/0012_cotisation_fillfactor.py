"""PostgreSQL: the dues table keeps half of each page free (fillfactor 50), so that the updates of a dues row that
change no indexed column — the registered letter's postage (`frais`) on 30 000 rows in one run, a partial payment
(`montant_paye`) — are HOT updates: the new row version is written on the same page and none of the table's nine
indexes is touched. At fillfactor 100 (the default) the pages are full and each such update inserted into every
index: the 1 June run's UPDATE of 10 000 dues read 273 000 buffers and took 0.88 s, at 50 it reads 31 000 and takes
0.27 s (EXPLAIN ANALYZE on tests/perf/bench_relances.py's database). Applies to the rows written from now on (an
existing table is rewritten by VACUUM FULL). Nothing on SQLite."""

from django.db import migrations

TABLE = "cotisations_cotisation"


def _fillfactor(valeur):
    def appliquer(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(TABLE)
        if valeur is None:
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")
        else:
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(valeur)})")

    return appliquer


class Migration(migrations.Migration):
    dependencies = [("cotisations", "0011_carte_remboursement")]

    operations = [migrations.RunPython(_fillfactor(50), _fillfactor(None), elidable=False)]
