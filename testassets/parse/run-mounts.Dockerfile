FROM rust:1.80 AS build
WORKDIR /src
RUN --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=src,target=src \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/src/target \
    cargo build --release && cp target/release/app /app
RUN --mount=type=secret,id=token,env=TOKEN --network=none ./scripts/check.sh
RUN --mount=type=ssh git clone git@github.com:example/private.git
RUN --security=insecure --mount=type=tmpfs,target=/tmp,size=64m make test
