# Jobbro: Kore + the jobbro.so module on Debian 12. PostgreSQL is external,
# with the roles of scripts/db-roles.sql (README: Database roles):
#   docker build -t jobbro .
#   docker run -p 8080:8080 -e DATABASE_URL=postgresql://jobbro_app:...@.../jobbro \
#       -e JOBBRO_MIGRATE_URL=postgresql://jobbro_owner:...@.../jobbro \
#       -e JOBBRO_JWT_SECRET=$(openssl rand -hex 32) -e JOBBRO_MIGRATE=1 jobbro
# The webhook sender runs beside Kore in the container (JOBBRO_WEBHOOKD=0:
# not); or alone, as many as wanted: `docker run ... jobbro webhookd`.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        build-essential cmake pkg-config kore libjansson-dev libjwt-dev \
        libargon2-dev libcmocka-dev libpq-dev libssl-dev libcurl4-openssl-dev \
        python3 python3-yaml \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf build \
 && cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build/release -j"$(nproc)" \
 && python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1], encoding="utf-8")), open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"), default=str)' \
        api-spec/openapi.yaml build/openapi.json

# The API reference (GET /docs): its page and Redoc's bundle from npm.
FROM debian:bookworm-slim AS docs
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# A TLS-intercepting proxy's CA, when the build needs one (docker-test
# passes the host's bundle): node reads it besides its own.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /src
COPY scripts/lib.sh scripts/docs-assets.sh scripts/
COPY api-spec/docs.html api-spec/
RUN bash scripts/docs-assets.sh /docs

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        kore libjansson4 libjwt0 libargon2-1 libpq5 libssl3 libcurl4 \
        postgresql-client-15 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --home-dir /app --shell /usr/sbin/nologin jobbro
WORKDIR /app
COPY --from=build /src/build/release/jobbro.so /app/jobbro.so
COPY --from=build /src/build/release/jobbro-webhookd /app/jobbro-webhookd
COPY --from=build /src/build/openapi.json /app/openapi.json
COPY --from=docs /docs /app/docs
COPY conf/kore.conf.in /app/conf/kore.conf.in
COPY sql /app/sql
COPY scripts/lib.sh scripts/migrate.sh scripts/docker-entrypoint.sh \
     scripts/db-roles.sql /app/scripts/
RUN chown -R jobbro:jobbro /app/conf
USER jobbro
ENV PORT=8080 HOST=0.0.0.0 JOBBRO_PGBIN=/usr/lib/postgresql/15/bin
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
    CMD curl -fsS "http://127.0.0.1:${PORT:-8080}/healthz" || exit 1
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
