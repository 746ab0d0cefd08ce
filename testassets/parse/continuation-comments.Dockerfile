FROM ubuntu:24.04
RUN set -eux; \
    # update the package lists
    apt-get update; \

    # install what we need
    apt-get install -y --no-install-recommends \
        build-essential \
        # python for the scripts
        python3 \
    ; \
    rm -rf /var/lib/apt/lists/*
