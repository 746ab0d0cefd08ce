FROM busybox
COPY --link --chmod=0755 bin/ /usr/local/bin/
COPY --parents --exclude=*.md --exclude=**/obj ./docs/**/ /site/
COPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf
COPY --from=0 /a /b
COPY ["with space.txt", "/dest dir/"]
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.14.0 /buildkit
ADD --chown=1000:1000 archive.tar.xz /srv/
