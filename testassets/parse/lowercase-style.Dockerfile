from alpine:3.20 as builder
run apk add --no-cache build-base
workdir /build
copy . .
run make

from alpine:3.20
copy --from=builder /build/out /usr/bin/tool
entrypoint ["tool"]
