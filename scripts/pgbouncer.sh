#!/bin/sh
# Starts PgBouncer (Debian package pgbouncer) in transaction mode in front of the PostgreSQL server on
# 127.0.0.1:5432, listening on 127.0.0.1:6432, as CI's third pass uses it: the access matrix, row-level
# security and the load benchmark through a pooler whose server connections change hands between
# transactions (docs/decisions/005-app-role.md). `scripts/pgbouncer.sh stop` stops it.
set -eu
dir=/tmp/samspel-pgbouncer
if [ "${1:-start}" = stop ]; then
  [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
  exit 0
fi
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
  else
    echo "The pooler pass needs PgBouncer: install the Debian package pgbouncer." >&2
    exit 1
  fi
fi
bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
mkdir -p "$dir"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
; node-postgres sends no options of its own; a search_path cannot pass a pooler, Samspel sets it per transaction.
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
printf '"postgres" ""\n"samspel_rls_test" ""\n' > "$dir/users.txt"
[ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null && sleep 1 || true
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$dir"
  "$bin" -d -u postgres "$dir/pgbouncer.ini"
else
  "$bin" -d "$dir/pgbouncer.ini"
fi
for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -h 127.0.0.1 -p 6432 -q && exit 0; sleep 0.5; done
echo "PgBouncer did not start; see $dir/pgbouncer.log" >&2
exit 1
