# shellcheck shell=bash
# PostgreSQL for Tiffin: installed from the OS packages when missing, the packaged cluster started, a role and
# databases created. Sourced by bin/test-env and bin/tiffin-local. Idempotent.

TIFFIN_PG_PORT=${TIFFIN_PG_PORT:-5432}
TIFFIN_PG_USER=${TIFFIN_PG_USER:-tiffin}
TIFFIN_PG_PASSWORD=${TIFFIN_PG_PASSWORD:-tiffin}

pg_log() { echo "[postgres] $*" >&2; }

pg_install_if_missing() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    pg_log "installing PostgreSQL from the OS packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
  fi
}

pg_version() {
  ls /usr/lib/postgresql | sort -V | tail -1
}

pg_start() {
  local v; v=$(pg_version)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$v main$"; then
    pg_log "creating cluster $v/main"
    pg_createcluster "$v" main -p "$TIFFIN_PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$v" '$1==v && $2=="main" {print $4}' | grep -q online; then
    pg_log "starting cluster $v/main"
    pg_ctlcluster "$v" main start
  fi
  local port; port=$(pg_lsclusters -h | awk -v v="$v" '$1==v && $2=="main" {print $3}')
  if [ "$port" != "$TIFFIN_PG_PORT" ]; then
    pg_log "cluster $v/main listens on $port, expected $TIFFIN_PG_PORT (set TIFFIN_PG_PORT)"
    return 1
  fi
  for _ in $(seq 1 60); do
    su postgres -c "psql -p $TIFFIN_PG_PORT -tAc 'select 1'" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  pg_log "PostgreSQL did not answer"
  return 1
}

pg_psql() {
  su postgres -c "psql -p $TIFFIN_PG_PORT -v ON_ERROR_STOP=1 -tAc \"$1\""
}

# pg_ensure_db NAME: the role and a database NAME owned by it.
pg_ensure_db() {
  local db=$1
  if [ "$(pg_psql "select 1 from pg_roles where rolname='$TIFFIN_PG_USER'")" != "1" ]; then
    pg_psql "create role $TIFFIN_PG_USER login password '$TIFFIN_PG_PASSWORD'" >/dev/null
  fi
  if [ "$(pg_psql "select 1 from pg_database where datname='$db'")" != "1" ]; then
    pg_psql "create database $db owner $TIFFIN_PG_USER" >/dev/null
  fi
}

pg_ensure() {
  pg_install_if_missing && pg_start && for db in "$@"; do pg_ensure_db "$db"; done
}
