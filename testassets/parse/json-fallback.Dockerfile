FROM alpine
CMD ["echo", 'single quotes are not JSON']
ENTRYPOINT [ "/bin/sh", "-c" ]
RUN ["/bin/sh" "-c" "missing commas"]
COPY [src, dst]
VOLUME ["/unterminated
