FROM alpine
ARG HTTP_PROXY
ARG http_proxy NO_PROXY=localhost,127.0.0.1
RUN wget -q -O- http://example.com/
