"""Docker's health check of the web container: GET /sante/ on the local gunicorn, as a proxy would send it.

Run as a plain script (`python config/healthcheck.py`, no Django import): exits 0 when the app answers 200.
The request names an allowed host (the first of DJANGO_ALLOWED_HOSTS, else Django answers 400 DisallowedHost) and
says it came over HTTPS (X-Forwarded-Proto, trusted by the settings), else production's SSL redirect answers 301.
"""

import os
import sys
import urllib.request

URL = "http://127.0.0.1:8000/sante/"


def entetes(hotes_autorises: str) -> dict[str, str]:
    premier = next((h.strip() for h in hotes_autorises.split(",") if h.strip()), "localhost")
    # ".cdom.example" allows the domain and its subdomains; "*" allows anything.
    hote = premier.lstrip(".") if premier != "*" else "localhost"
    return {"Host": hote, "X-Forwarded-Proto": "https"}


def main() -> int:
    requete = urllib.request.Request(URL, headers=entetes(os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost")))
    try:
        with urllib.request.urlopen(requete, timeout=5) as reponse:
            return 0 if reponse.status == 200 else 1
    except OSError as exc:
        print(f"Application injoignable : {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
