FROM alpine:3.20
RUN apk add --no-cache curl
HEALTHCHECK --interval=1m --timeout=10s --start-period=5s --start-interval=1s --retries=5 CMD ["curl", "-f", "http://localhost:8080/health"]
HEALTHCHECK NONE
HEALTHCHECK CMD /bin/check.sh --quick
