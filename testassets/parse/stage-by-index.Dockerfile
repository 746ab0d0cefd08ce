FROM alpine AS first
RUN echo one > /one

FROM alpine
COPY --from=0 /one /one
COPY --from=first /one /two
RUN cat /one /two
