# One image for web, worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# Pango and fonts for WeasyPrint's PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# collectstatic reads the settings, which need a key; this one exists only during the build.
RUN DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    python manage.py collectstatic --noinput

# The secret folder is a volume in docker-compose.yml: the generated key survives restarts.
RUN useradd --create-home studio \
    && mkdir -p /app/media /var/lib/studio/secret \
    && chown studio /app/media /var/lib/studio/secret \
    && chmod 700 /var/lib/studio/secret
USER studio
EXPOSE 8000
# Without DJANGO_SECRET_KEY, generate one on first start and keep it (scripts/docker-entrypoint.sh).
ENTRYPOINT ["sh", "/app/scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "studio.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--reuse-port"]
