# Production image: gunicorn + whitenoise for the web, the same image for the Celery worker.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DEBUG=false VAR_DIR=/data MEDIA_ROOT=/data/media STATIC_ROOT=/app/staticfiles
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 portal
WORKDIR /app
# Exactly the tested versions: every package pinned with its hashes in the lock.
COPY requirements/prod.lock ./requirements/
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/prod.lock \
 && pip check
COPY . .
COPY --from=assets /build/node_modules /app/node_modules
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && mkdir -p /data/media && chown -R portal /data
USER 1000
EXPOSE 8000
CMD ["gunicorn", "masterplan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
