#!/usr/bin/env bash
# Measures the agent's start-up cost on a generated application of 3,000 classes that loads every
# one of them: without the agent; with it when no class matches (the cost of the name and byte
# filter every class goes through); and with 30 classes holding a @UnitOfWork method (the cost of
# weaving, paid only by the classes it weaves). Takes the three in turn, RUNS times, and prints
# the median wall-clock and CPU time of each, with the load average. Not a test: the numbers depend
# on the machine, and the wall-clock time on what else it is doing.
#   mvn -q -pl agent -am package -DskipTests && agent/measure-startup.sh [RUNS] [CLASSES]
# AGENT=other.jar measures another build of the agent on the same application.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
CLASSES=${2:-3000}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
AGENT=${AGENT:-agent/target/unitofwork-agent.jar}
RUNTIME=$(ls runtime/target/unitofwork-runtime-*.jar | grep -Ev -- '-(tests|sources|javadoc)\.jar$')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# generate VARIANT WOVEN_EVERY: CLASSES classes, every WOVEN_EVERY-th one with a @UnitOfWork method
generate() {
  local dir="$WORK/$1"
  mkdir -p "$dir/src/many" "$dir/classes"
  for ((i = 0; i < CLASSES; i++)); do
    local annotation=""
    if (($2 > 0 && i % $2 == 0)); then annotation="@org.unitofwork.UnitOfWork "; fi
    printf 'package many;\npublic class C%d {\n  %spublic int work(int x) { return x + %d; }\n}\n' \
      "$i" "$annotation" "$i" > "$dir/src/many/C$i.java"
  done
  printf 'package many;\npublic class Main {\n  public static void main(String[] a) throws Exception {\n    for (int i = 0; i < %d; i++) Class.forName("many.C" + i);\n  }\n}\n' \
    "$CLASSES" > "$dir/src/many/Main.java"
  "$JAVAC" -d "$dir/classes" -cp "$RUNTIME" "$dir"/src/many/*.java
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# run LABEL VARIANT [JVM OPTION...]: one run; prints LABEL, its wall-clock and its CPU (user + system) time in ms
run() {
  local label=$1 cp="$WORK/$2/classes:$RUNTIME" times
  shift 2
  times=$( { TIMEFORMAT='%R %U %S'; time "$JAVA" "$@" -cp "$cp" many.Main; } 2>&1 | tail -1)
  echo "$label $times" | awk '{printf "%s %d %d\n", $1, $2 * 1000, ($3 + $4) * 1000}'
}

generate none 0
generate some 100
run warm none > /dev/null # warms the file system cache
# the variants in turn, run after run, so that a change of the machine's load falls on all three alike
for ((r = 0; r < RUNS; r++)); do
  run plain none
  run filtered none "-javaagent:$AGENT"
  run woven some "-javaagent:$AGENT"
done > "$WORK/times"
wall() { grep "^$1 " "$WORK/times" | awk '{print $2}' | median; }
cpu() { grep "^$1 " "$WORK/times" | awk '{print $3}' | median; }
plain=$(wall plain) filtered=$(wall filtered) woven=$(wall woven)
echo "$("$JAVA" -version 2>&1 | head -1); $CLASSES classes loaded; medians of $RUNS runs, the variants in turn;"
echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "without the agent:                wall ${plain} ms, CPU $(cpu plain) ms"
echo "with the agent, nothing to weave: wall ${filtered} ms (+$((filtered - plain)) ms), CPU $(cpu filtered) ms"
echo "with the agent, $((CLASSES / 100)) classes woven:   wall ${woven} ms (+$((woven - plain)) ms), CPU $(cpu woven) ms"
