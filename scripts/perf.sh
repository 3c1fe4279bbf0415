#!/bin/sh
# perf.sh: regenerate the figures of docs/performance.md (`make perf`).
#
# For SQLite and PostgreSQL in turn it seeds the fixture if missing
# (fitness seed --scale), runs the scale benchmarks of internal/sqldb
# against both fixtures, then starts `fitness serve` on each fixture on
# 127.0.0.1 and runs `fitness loadtest` against it for a bounded time.
# Everything it prints is also kept in $PERF_DIR, with the machine's load
# average before and after each step (the machine may be shared).
#
# Settings (environment): PERF_SCALE (large), PERF_SEED (1), PERF_DIR
# (/tmp/fitness-perf), PERF_PG (postgres://postgres@127.0.0.1:5432),
# PERF_BENCH (benchmark regexp), PERF_BENCHTIME (2s), PERF_RATE (200),
# PERF_DURATION (30s), PERF_WARMUP (10s, a load test at the same rate
# whose figures are not kept, so that the server's caches are filled),
# PERF_PORT (18080), PERF_ENGINES ("sqlite postgres").
set -eu

scale=${PERF_SCALE:-large}
seed=${PERF_SEED:-1}
dir=${PERF_DIR:-/tmp/fitness-perf}
pg=${PERF_PG:-postgres://postgres@127.0.0.1:5432}
bench=${PERF_BENCH:-'Scale(Search|MyCases|TeamQueue|CasePage|KPI|InquiryScoping|InquiryRunScope|Action)'}
benchtime=${PERF_BENCHTIME:-2s}
rate=${PERF_RATE:-200}
duration=${PERF_DURATION:-30s}
warmup=${PERF_WARMUP:-10s}
port=${PERF_PORT:-18080}
engines=${PERF_ENGINES:-"sqlite postgres"}
bin=${PERF_BIN:-bin/fitness}

mkdir -p "$dir"
sqlite_db="$dir/$scale.db"
pg_db="$pg/fitness_$scale"

load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($1)"; }
target() { if [ "$1" = sqlite ]; then echo "$sqlite_db"; else echo "$pg_db"; fi; }

{
	echo "== machine"
	date -u
	nproc
	grep -m1 'model name' /proc/cpuinfo || true
	free -m | sed -n 2p
	go version
	load start
} | tee "$dir/machine.txt"

# Seed each fixture that is missing.
for e in $engines; do
	if [ "$e" = sqlite ] && [ -s "$sqlite_db" ]; then continue; fi
	if [ "$e" = postgres ]; then
		if psql "$pg/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = 'fitness_$scale'" | grep -q 1; then
			continue
		fi
		psql "$pg/postgres" -qc "CREATE DATABASE fitness_$scale"
	fi
	{
		echo "== seed $e: $bin seed --scale $scale --seed $seed --db $(target "$e")"
		load before
		/usr/bin/time -f 'wall %e s, user %U s, system %S s, max resident %M KB' \
			"$bin" seed --scale "$scale" --seed "$seed" --db "$(target "$e")" 2>&1 | tr '\r' '\n' | grep -v '^\(staff\|register\|cases\|documents\|analyze\) *\['
		load after
	} | tee "$dir/seed-$e.txt"
done

# The inquiry benchmarks write a 1,954-row snapshot a run and roll back as
# many more (their bare SQL): on PostgreSQL the dead rows slowed later runs
# by half until autovacuum came, so the snapshot tables are vacuumed first.
case " $engines " in *" postgres "*)
	for t in inquiry_scope_entries inquiry_scope_runs; do
		if psql "$pg_db" -Atc "SELECT to_regclass('$t') IS NOT NULL" | grep -q t; then
			psql "$pg_db" -qc "VACUUM ANALYZE $t"
		fi
	done
esac

# The benchmarks, on both fixtures in one run.
{
	echo "== benchmarks: go test ./internal/sqldb -run '^\$' -bench '$bench' -benchtime $benchtime"
	load before
	FITNESS_BENCH_DB_SQLITE="$sqlite_db" FITNESS_BENCH_DB_POSTGRES="$pg_db" \
		go test ./internal/sqldb -run '^$' -bench "$bench" -benchtime "$benchtime" -count 1 -timeout 60m
	load after
} | tee "$dir/bench.txt"

# The load test against a server on each fixture.
for e in $engines; do
	db=$(target "$e")
	"$bin" serve --db "$db" --addr "127.0.0.1:$port" --migrate >"$dir/serve-$e.log" 2>&1 &
	server=$!
	trap 'kill $server 2>/dev/null || true' EXIT
	for _ in $(seq 1 120); do
		if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
		sleep 1
	done
	token=$("$bin" user token --db "$db" --email team-leader-001@staff.fitness.test)
	"$bin" loadtest --target "http://127.0.0.1:$port" --token "$token" --rate "$rate" --duration "$warmup" >/dev/null
	{
		echo "== loadtest $e: $bin loadtest --target http://127.0.0.1:$port --rate $rate --duration $duration"
		load before
		"$bin" loadtest --target "http://127.0.0.1:$port" --token "$token" --rate "$rate" --duration "$duration"
		load after
	} | tee "$dir/loadtest-$e.txt"
	kill "$server"
	wait "$server" || true
	trap - EXIT
done
echo "figures in $dir"
