FROM alpine
RUN echo "double \"quoted\" text" && echo 'single $HOME' && printf 'tab\there\n'
CMD echo "it's \"fine\"" \
    && exec sleep infinity
ENTRYPOINT /bin/sh -c "echo $0"
