#!/usr/bin/env bash
# Provision and run a real standalone Apache Pulsar broker without Docker.
#
#   scripts/pulsar/pulsar.sh start             provision (once) + start + wait + ensure namespace
#   scripts/pulsar/pulsar.sh stop              stop the broker started by this script
#   scripts/pulsar/pulsar.sh status            exit 0 if running, 1 if not
#   scripts/pulsar/pulsar.sh ensure-namespace  tenant/namespace/policies only (PULSAR_ADMIN_URL)
#
# The broker comes from Maven Central (the only artifact host reachable from
# CI here) and runs on the installed Java 17. Tools used: curl, java, mvn, tar,
# flock (util-linux), coreutils.
#
# Environment (all optional):
#   PULSAR_VERSION        Pulsar release (default 4.0.8: newest 4.x whose
#                         server distribution is on Maven Central)
#   PULSAR_HOME           cache/work dir (default ~/.cache/campaign-service/pulsar)
#   PULSAR_BROKER_PORT    binary protocol port (default 6650)
#   PULSAR_WEB_PORT       admin REST + WebSocket port (default 8080)
#   PULSAR_ADMIN_URL      admin base URL (default http://127.0.0.1:$PULSAR_WEB_PORT)
#   PULSAR_URL            printed service URL (default pulsar://127.0.0.1:$PULSAR_BROKER_PORT)
#   PULSAR_TENANT         default public
#   PULSAR_NAMESPACE      default campaign-management
#   PULSAR_START_TIMEOUT  seconds to wait for readiness (default 180)
#   PULSAR_MEM, PULSAR_GC, PULSAR_EXTRA_OPTS  JVM flag overrides (same names as upstream bin/pulsar)
set -euo pipefail

PULSAR_VERSION="${PULSAR_VERSION:-4.0.8}"
PULSAR_HOME="${PULSAR_HOME:-$HOME/.cache/campaign-service/pulsar}"
PULSAR_BROKER_PORT="${PULSAR_BROKER_PORT:-6650}"
PULSAR_WEB_PORT="${PULSAR_WEB_PORT:-8080}"
PULSAR_ADMIN_URL="${PULSAR_ADMIN_URL:-http://127.0.0.1:${PULSAR_WEB_PORT}}"
PULSAR_URL="${PULSAR_URL:-pulsar://127.0.0.1:${PULSAR_BROKER_PORT}}"
PULSAR_TENANT="${PULSAR_TENANT:-public}"
PULSAR_NAMESPACE="${PULSAR_NAMESPACE:-campaign-management}"
PULSAR_START_TIMEOUT="${PULSAR_START_TIMEOUT:-180}"

# Sized for a 2-core CI box. Upstream defaults (-Xms2g -Xmx2g, 4g direct,
# ZGC) are meant for a real server. G1 with few GC threads leaves CPU for the
# tests running next to the broker.
PULSAR_MEM="${PULSAR_MEM:--Xms512m -Xmx1g -XX:MaxDirectMemorySize=1g}"
PULSAR_GC="${PULSAR_GC:--XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1 -XX:+PerfDisableSharedMem}"
PULSAR_EXTRA_OPTS="${PULSAR_EXTRA_OPTS:--Dpulsar.allocator.exit_on_oom=true -Dio.netty.recycler.maxCapacityPerThread=4096}"

# Pinned so the fetch does not depend on whatever plugin version the local
# repository happens to resolve as "latest".
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

DIST_DIR="$PULSAR_HOME/dist/$PULSAR_VERSION"   # one provisioned release per version
CONF_DIR="$PULSAR_HOME/conf"                    # our generated configs
DATA_DIR="$PULSAR_HOME/data"                    # metadata, bookie, logs (wiped per start)
LOG_DIR="$DATA_DIR/logs"
PID_FILE="$PULSAR_HOME/pulsar.pid"

log() { printf '[pulsar] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- broker probes

# True when the admin API answers exactly ["standalone"]: the same readiness
# check Testcontainers uses. Earlier the HTTP port may be open while the
# broker is still loading, so "port open" is not enough.
broker_ready() {
  local body
  body="$(curl -fsS --max-time 3 "$1/admin/v2/clusters" 2>/dev/null)" || return 1
  [[ "${body//[[:space:]]/}" == '["standalone"]' ]]
}

# PID from the pid file if that process is alive AND is our Pulsar (guards
# against a recycled PID after a reboot or a crash).
managed_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q PulsarStandaloneStarter || return 1
  echo "$pid"
}

# ---------------------------------------------------------------- provisioning

# Prints the directory whose jars form the broker classpath. Download happens
# once per version; Maven's own ~/.m2 cache also keeps the artifacts.
provision() {
  if [[ -f "$DIST_DIR/.complete" ]]; then
    cat "$DIST_DIR/.complete"
    return
  fi
  command -v mvn >/dev/null || die "mvn not found"
  local work="$PULSAR_HOME/tmp.$$"
  rm -rf "$work" && mkdir -p "$work"
  local started=$SECONDS

  # Path 1: the release tarball that distribution/server attaches as
  # classifier "bin" (the same bits as the Apache download archive).
  log "fetching org.apache.pulsar:pulsar-server-distribution:$PULSAR_VERSION:tar.gz:bin from Maven Central"
  if mvn -q -B "$DEP_PLUGIN:copy" \
      -Dartifact="org.apache.pulsar:pulsar-server-distribution:$PULSAR_VERSION:tar.gz:bin" \
      -DoutputDirectory="$work" >"$work/mvn-tarball.log" 2>&1; then
    log "unpacking $(du -h "$work"/*.tar.gz | cut -f1) tarball"
    tar -xzf "$work"/pulsar-server-distribution-*-bin.tar.gz -C "$work"
    rm -f "$work"/*.tar.gz   # ~/.m2 still holds a copy
    rm -rf "$DIST_DIR" && mkdir -p "$(dirname "$DIST_DIR")"
    mv "$work/apache-pulsar-$PULSAR_VERSION" "$DIST_DIR"
    echo "$DIST_DIR/lib" >"$DIST_DIR/.complete"
  else
    # Path 2: no tarball served. Resolve the runtime closure of the same
    # distribution POM and run the starter class from a flat jar folder.
    log "tarball not available ($(grep -m1 ERROR "$work/mvn-tarball.log" | cut -c1-200)); resolving jar closure instead"
    cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.campaign-service</groupId>
  <artifactId>pulsar-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.pulsar</groupId>
      <artifactId>pulsar-server-distribution</artifactId>
      <version>$PULSAR_VERSION</version>
      <type>pom</type>
    </dependency>
  </dependencies>
</project>
EOF
    if ! (cd "$work" && mvn -q -B "$DEP_PLUGIN:copy-dependencies" \
          -DincludeScope=runtime -DexcludeTypes=pom \
          -DoutputDirectory="$work/lib" >"$work/mvn-closure.log" 2>&1); then
      log "maven output (tarball attempt):"; tail -n 5 "$work/mvn-tarball.log" >&2
      log "maven output (closure attempt):"; grep ERROR "$work/mvn-closure.log" | head -n 5 >&2
      die "could not fetch Pulsar $PULSAR_VERSION from Maven Central (logs in $work)"
    fi
    rm -rf "$DIST_DIR" && mkdir -p "$DIST_DIR"
    mv "$work/lib" "$DIST_DIR/lib"
    echo "$DIST_DIR/lib" >"$DIST_DIR/.complete"
  fi
  rm -rf "$work"
  log "provisioned Pulsar $PULSAR_VERSION in $((SECONDS - started)) s ($(du -sh "$DIST_DIR" | cut -f1) in $DIST_DIR)"
  cat "$DIST_DIR/.complete"
}

# ---------------------------------------------------------------- configuration

write_config() {
  mkdir -p "$CONF_DIR"
  # Only the keys we care about; everything else keeps the broker's built-in
  # defaults. The file is read twice: by the broker and by the embedded bookie.
  cat >"$CONF_DIR/standalone.conf" <<EOF
clusterName=standalone
brokerServicePort=$PULSAR_BROKER_PORT
webServicePort=$PULSAR_WEB_PORT
# Loopback only: nothing outside this machine should reach a test broker.
bindAddress=127.0.0.1
advertisedAddress=127.0.0.1
# One bookie: built-in defaults are 2/2/2 and writes would hang forever.
managedLedgerDefaultEnsembleSize=1
managedLedgerDefaultWriteQuorum=1
managedLedgerDefaultAckQuorum=1
# The service uses the broker's WebSocket API when the native client is absent.
webSocketServiceEnabled=true
# Producers with a fixed name + sequence id get exactly-once publication.
brokerDeduplicationEnabled=true
# The event topics are a log: never garbage-collect a topic just because it
# had no subscription for a minute (built-in default is to delete it).
brokerDeleteInactiveTopicsEnabled=false
allowAutoTopicCreation=true
allowAutoTopicCreationType=non-partitioned
# A single broker needs no load balancing; the default manager costs CPU.
loadManagerClassName=org.apache.pulsar.broker.loadbalance.NoopLoadManager
allowLoopback=true
# Let SIGTERM finish well inside the stop command's 30 s window.
brokerShutdownTimeoutMs=20000
# Bookie keys (same file): no fsync per entry, and do not go read-only on a
# nearly full CI disk.
journalSyncData=false
diskUsageThreshold=0.99
diskUsageWarnThreshold=0.99
EOF

  # Log to a file in the data dir; the console stays quiet.
  cat >"$CONF_DIR/log4j2.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN" name="pulsar-standalone">
  <Appenders>
    <File name="File" fileName="$LOG_DIR/pulsar.log" append="false" immediateFlush="true">
      <PatternLayout pattern="%d{ISO8601} [%t] %-5level %logger{36} - %msg%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="info"><AppenderRef ref="File"/></Root>
    <!-- Very chatty at info and irrelevant to us. -->
    <Logger name="org.apache.bookkeeper.bookie.GarbageCollectorThread" level="warn"/>
    <Logger name="org.eclipse.jetty" level="warn"/>
  </Loggers>
</Configuration>
EOF
}

# ---------------------------------------------------------------- namespace

# curl wrapper: prints the HTTP status code, keeps the body in $HTTP_BODY.
HTTP_BODY=""
http() {
  local method="$1" path="$2" body="${3:-}" out code
  out="$(mktemp)"
  local args=(-sS --max-time 30 -o "$out" -w '%{http_code}' -X "$method" "$PULSAR_ADMIN_URL$path")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  code="$(curl "${args[@]}")" || code="000"
  HTTP_BODY="$(cat "$out")"; rm -f "$out"
  echo "$code"
}

expect() { # expect "<what>" <code> <ok codes...>
  local what="$1" code="$2"; shift 2
  local ok; for ok in "$@"; do [[ "$code" == "$ok" ]] && return 0; done
  die "$what failed: HTTP $code $HTTP_BODY"
}

ensure_namespace() {
  local t="$PULSAR_TENANT" ns="$PULSAR_TENANT/$PULSAR_NAMESPACE" code
  broker_ready "$PULSAR_ADMIN_URL" || die "no ready broker at $PULSAR_ADMIN_URL"

  code="$(http GET "/admin/v2/tenants/$t")"
  if [[ "$code" == 404 ]]; then
    # allowedClusters must not be empty, or the namespace PUT answers 412.
    code="$(http PUT "/admin/v2/tenants/$t" '{"adminRoles":[],"allowedClusters":["standalone"]}')"
    expect "create tenant $t" "$code" 204 409
    log "tenant $t created"
  else
    expect "get tenant $t" "$code" 200
  fi

  code="$(http PUT "/admin/v2/namespaces/$ns")"
  expect "create namespace $ns" "$code" 204 409   # 409 = already exists
  [[ "$code" == 204 ]] && log "namespace $ns created"

  # Infinite retention: the topics are the event log, acked or not.
  code="$(http POST "/admin/v2/namespaces/$ns/retention" '{"retentionTimeInMinutes":-1,"retentionSizeInMB":-1}')"
  expect "set retention on $ns" "$code" 204
  code="$(http POST "/admin/v2/namespaces/$ns/deduplication" 'true')"
  expect "enable deduplication on $ns" "$code" 204
  log "namespace $ns: retention infinite, deduplication on"
}

# ---------------------------------------------------------------- commands

# Serialises start/stop: two callers starting at once (e.g. two test workers) would both find
# no broker and launch two JVMs on the same ports. The broker itself must not inherit the lock
# descriptor (see the `9>&-` where java starts), or the lock would live as long as the broker.
take_lock() {
  mkdir -p "$PULSAR_HOME"
  exec 9>"$PULSAR_HOME/.lock"
  flock -w 900 9 || die "another start/stop holds $PULSAR_HOME/.lock"
}

print_urls() {
  echo "PULSAR_URL=$PULSAR_URL"
  echo "PULSAR_ADMIN_URL=$PULSAR_ADMIN_URL"
}

wait_ready() { # wait_ready <pid>
  local pid="$1" deadline=$((SECONDS + PULSAR_START_TIMEOUT))
  printf '[pulsar] waiting for %s/admin/v2/clusters ' "$PULSAR_ADMIN_URL" >&2
  until broker_ready "$PULSAR_ADMIN_URL"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo >&2; log "broker process $pid exited during startup"; show_logs; rm -f "$PID_FILE"; exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo >&2; log "not ready after ${PULSAR_START_TIMEOUT} s"; show_logs
      cmd_stop >&2   # do not leave a half-started JVM behind
      exit 1
    fi
    printf '.' >&2; sleep 2
  done
  echo ' ready' >&2
}

show_logs() {
  log "--- tail of $LOG_DIR/pulsar.log"; tail -n 40 "$LOG_DIR/pulsar.log" >&2 2>/dev/null || true
  log "--- tail of $LOG_DIR/stdout.log"; tail -n 20 "$LOG_DIR/stdout.log" >&2 2>/dev/null || true
}

cmd_start() {
  if broker_ready "$PULSAR_ADMIN_URL"; then
    log "broker already running at $PULSAR_ADMIN_URL (clusters: [\"standalone\"])"
    ensure_namespace   # cheap and idempotent; makes a re-run converge
    print_urls
    return 0
  fi

  local pid
  if pid="$(managed_pid)"; then
    # Started by an earlier call that is still booting: just wait for it.
    log "broker process $pid is starting"
    wait_ready "$pid"; ensure_namespace; print_urls
    return 0
  fi
  rm -f "$PID_FILE"

  command -v java >/dev/null || die "java not found (Java 17+ required)"
  local lib started
  lib="$(provision)"
  write_config
  # Fresh state each start (with --wipe-data): the RocksDB metadata store has
  # had restart problems, and tests want an empty broker anyway.
  rm -rf "$DATA_DIR"
  mkdir -p "$LOG_DIR"

  # JVM flags as upstream bin/pulsar (4.0.x) passes them for `standalone`.
  local jvm=(
    $PULSAR_MEM $PULSAR_GC $PULSAR_EXTRA_OPTS
    -Djava.net.preferIPv4Stack=true
    -Djute.maxbuffer=10485760
    -Dzookeeper.clientTcpKeepAlive=true
    --add-opens java.base/java.io=ALL-UNNAMED
    --add-opens java.base/java.util.zip=ALL-UNNAMED
    --add-opens java.management/sun.management=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    --add-opens java.base/java.nio=ALL-UNNAMED
    --add-opens java.base/jdk.internal.misc=ALL-UNNAMED
    --add-opens java.base/jdk.internal.platform=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    -Dorg.apache.pulsar.shade.io.netty.tryReflectionSetAccessible=true
    -Dlog4j.configurationFile="$CONF_DIR/log4j2.xml"
    -Dlog4j2.is.webapp=false
    # Pulsar shuts log4j down itself after the broker has stopped.
    -Dlog4j.shutdownHookEnabled=false
    -Dpulsar.log.dir="$LOG_DIR"
    -cp "$lib/*"
  )
  log "starting Pulsar $PULSAR_VERSION standalone (broker :$PULSAR_BROKER_PORT, web :$PULSAR_WEB_PORT)"
  started=$SECONDS
  # setsid: own session, so the broker survives the calling shell/CI step and
  # a Ctrl-C in the terminal. cwd = data dir catches any relative paths.
  (cd "$DATA_DIR" && exec nohup setsid java "${jvm[@]}" org.apache.pulsar.PulsarStandaloneStarter \
      --config "$CONF_DIR/standalone.conf" \
      --metadata-dir "$DATA_DIR/metadata" \
      --bookkeeper-dir "$DATA_DIR/bookkeeper" \
      -nfw -nss --wipe-data \
      >"$LOG_DIR/stdout.log" 2>&1 </dev/null 9>&-) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_ready "$pid"
  log "broker ready in $((SECONDS - started)) s (pid $pid, logs in $LOG_DIR)"
  ensure_namespace
  print_urls
}

cmd_stop() {
  local pid
  if ! pid="$(managed_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 30; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(managed_pid)"; then
    if broker_ready "$PULSAR_ADMIN_URL"; then echo "running (pid $pid, ready at $PULSAR_ADMIN_URL)"
    else echo "running (pid $pid, not ready yet)"; fi
    return 0
  fi
  if broker_ready "$PULSAR_ADMIN_URL"; then
    echo "running (not started by this script, ready at $PULSAR_ADMIN_URL)"
    return 0
  fi
  echo "not running"
  return 1
}

case "${1:-}" in
  start) take_lock; cmd_start ;;
  stop) take_lock; cmd_stop ;;
  status) cmd_status ;;
  ensure-namespace) ensure_namespace; print_urls ;;
  *) echo "usage: $0 {start|stop|status|ensure-namespace}" >&2; exit 2 ;;
esac
