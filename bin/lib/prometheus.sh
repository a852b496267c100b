# shellcheck shell=bash
# Prometheus and promtool for Tiffin's checks (alert-rule unit tests, dashboards and autoscaler GPU queries checked
# against a real Prometheus), and amtool for the Alertmanager configuration (deploy/alertmanager): installed from the
# OS packages when missing. The tests start their own Prometheus on a free port with their own configuration; the
# packaged services, if the packages started them, are stopped. Idempotent.

prom_log() { echo "[prometheus] $*" >&2; }

prom_install_if_missing() {
  if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
    prom_log "installing Prometheus from the OS packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    # Debian's package starts a service on :9090 where an init system runs; Tiffin's tests start their own.
    if command -v service >/dev/null 2>&1; then
      service prometheus stop >/dev/null 2>&1 || true
    fi
    pkill -x prometheus >/dev/null 2>&1 || true
  fi
}

# amtool, with which deploy-checks validates deploy/alertmanager/alertmanager.yml, comes with the Alertmanager package.
amtool_install_if_missing() {
  if ! command -v amtool >/dev/null 2>&1; then
    prom_log "installing amtool (prometheus-alertmanager) from the OS packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null
    # Debian's package starts a service on :9093 where an init system runs; the checks only need amtool.
    if command -v service >/dev/null 2>&1; then
      service prometheus-alertmanager stop >/dev/null 2>&1 || true
    fi
  fi
}
