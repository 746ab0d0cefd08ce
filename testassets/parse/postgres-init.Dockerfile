FROM postgres:16
ENV POSTGRES_DB=app POSTGRES_USER=app
COPY --chmod=644 init/*.sql /docker-entrypoint-initdb.d/
HEALTHCHECK --interval=10s --retries=10 CMD pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB"
STOPSIGNAL SIGINT
VOLUME /var/lib/postgresql/data
