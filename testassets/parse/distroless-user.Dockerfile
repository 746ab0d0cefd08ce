FROM gcr.io/distroless/static-debian12:nonroot
COPY --chown=nonroot:nonroot ./bin/server /server
USER nonroot:nonroot
EXPOSE 8443/tcp
ENTRYPOINT ["/server", "--listen", ":8443"]
