# Production image: slim Python 3.11, non-root, static files collected, served by uvicorn workers under
# gunicorn (HTTP + WebSocket; faster than daphne in bench/topology, docs/scaling.md).
FROM node:20-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    DEBUG=0 \
    PORT=8000 \
    WEB_CONCURRENCY=2

RUN apt-get update \
    && apt-get install --yes --no-install-recommends libjpeg62-turbo zlib1g libwebp7 \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=portal:portal . .
COPY --from=frontend --chown=portal:portal /build/node_modules ./node_modules

# collectstatic needs settings to import; this throwaway key never serves a request.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R portal:portal /app/staticfiles /app/media

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz/', timeout=4)"
# WEB_CONCURRENCY processes share the port; gunicorn restarts one that dies. Client addresses come from
# TRUSTED_PROXIES in the portal (docs/topology.md), not from the server: --forwarded-allow-ips ''.
# daphne instead: daphne -b 0.0.0.0 -p ${PORT} portal.asgi:application (one process per container).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn portal.asgi:application --worker-class uvicorn_worker.UvicornWorker --workers ${WEB_CONCURRENCY} --bind 0.0.0.0:${PORT} --forwarded-allow-ips '' --graceful-timeout 20 --access-logfile -"]
