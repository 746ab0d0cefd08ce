# Sourced by the benches: a local docker-registry on a free loopback port.
# Needs $work; sets $port, $host and $registry_pid. start_registry (again) gives fresh, empty storage.
registry_pid=
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
host=127.0.0.1:$port
start_registry() {
  [ -n "$registry_pid" ] && { kill "$registry_pid"; wait "$registry_pid" 2>/dev/null || true; }
  rm -rf "$work/storage"; mkdir -p "$work/storage"
  cat >"$work/registry.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/storage}}
http: {addr: $host, secret: bench}
YAML
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 100); do curl -sf "http://$host/v2/" >/dev/null && return; sleep 0.1; done
  echo "registry did not start" >&2; cat "$work/registry.log" >&2; exit 1
}
