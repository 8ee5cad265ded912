# The production image: the same system packages as .ci/run (Pango for WeasyPrint, HarfBuzz's subsetter for
# fast PDF fonts), the runtime dependencies of pyproject.toml, static files collected for whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install .
COPY . .
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only DJANGO_SALT_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && useradd --system --home /app cdom && mkdir -p /app/var && chown -R cdom /app/var
USER cdom

EXPOSE 8000
HEALTHCHECK CMD python config/healthcheck.py
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn config.wsgi -b 0.0.0.0:8000 -w 3 --access-logfile -"]
