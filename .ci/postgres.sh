# A throwaway PostgreSQL cluster in a temporary directory, socket only, ICU pl-PL locale.
# Used by .ci/run and by the benchmarks. Source it, then call start_throwaway_postgres.
# PG_EXTRA_OPTIONS adds server settings ("-c shared_buffers=2GB").
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

start_throwaway_postgres() {
  PG_DIR=$(mktemp -d /tmp/ostoja-pg.XXXXXX)
  chown postgres "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale-provider=icu --icu-locale=pl-PL --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
    -o "-k $PG_DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_EXTRA_OPTIONS:-}" >/dev/null
  runuser -u postgres -- "$PG_BIN/createdb" -h "$PG_DIR" -U postgres ostoja
  export THROWAWAY_DATABASE_URL="postgres://postgres@/ostoja?host=$PG_DIR"
  export PG_DIR
}

stop_throwaway_postgres() {
  if [ -n "${PG_DIR:-}" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
