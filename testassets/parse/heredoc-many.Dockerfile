FROM debian:12
RUN <<EOT bash
  set -ex
  apt-get update
  apt-get install -y vim
EOT
RUN cat <<FILE1 > /file1 && cat <<FILE2 > /file2
I am
first
FILE1
I am
second
FILE2
RUN 3<<EOF cat /dev/stdin /proc/self/fd/3
fd three
EOF
COPY <<robots.txt <<humans.txt /usr/share/html/
User-agent: *
robots.txt
(humans)
humans.txt
RUN python3 <<'PY'
print("no $expansion here")
PY
