FROM debian:12-slim

# Install build tools in one layer and clean the lists.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        git \
 && rm -rf /var/lib/apt/lists/*

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
WORKDIR /src
CMD ["bash"]
