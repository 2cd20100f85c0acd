# The API and the built web app in one image.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
COPY openapi/ /src/openapi/
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CHUMCHON_WEB_DIST=/app/web/dist
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY src/ src/
COPY migrations/ migrations/
RUN pip install --no-cache-dir .
COPY --from=web /src/web/dist web/dist
RUN useradd --create-home chumchon && mkdir -p /app/var && chown chumchon /app/var
USER chumchon
EXPOSE 8000
CMD ["sh", "-c", "chumchon migrate && chumchon serve --host 0.0.0.0 --port 8000"]
