ARG ALPINE_VERSION=3.20
ARG REGISTRY=docker.io
FROM ${REGISTRY}/library/alpine:${ALPINE_VERSION} AS base
ARG ALPINE_VERSION
ARG BUILD_DATE
ARG VCS_REF=unknown
LABEL org.opencontainers.image.created=$BUILD_DATE \
      org.opencontainers.image.revision=$VCS_REF \
      org.opencontainers.image.version=${ALPINE_VERSION}
ENV VERSION=${ALPINE_VERSION:-latest}
RUN echo "building ${VERSION%%.*}"
