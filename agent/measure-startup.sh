#!/usr/bin/env bash
# Measures the agent's start-up cost on a generated application of 3,000 classes that loads every
# one of them: without the agent; with it when no class matches (the cost of the name and byte
# filter every class goes through); and with 30 classes holding a @UnitOfWork method (the cost of
# weaving, paid only by the classes it weaves). Prints the median wall-clock time of RUNS runs
# each. Not a test: the numbers depend on the machine.
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
# time_runs VARIANT [JVM OPTION...]
time_runs() {
  local cp="$WORK/$1/classes:$RUNTIME"
  shift
  for ((r = 0; r < RUNS; r++)); do
    local start end
    start=$(date +%s%N)
    "$JAVA" "$@" -cp "$cp" many.Main
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | median
}

generate none 0
generate some 100
time_runs none > /dev/null # warms the file system cache
plain=$(time_runs none)
filtered=$(time_runs none "-javaagent:$AGENT")
woven=$(time_runs some "-javaagent:$AGENT")
echo "$("$JAVA" -version 2>&1 | head -1); $CLASSES classes loaded; median of $RUNS runs"
echo "without the agent:                ${plain} ms"
echo "with the agent, nothing to weave: ${filtered} ms (+$((filtered - plain)) ms)"
echo "with the agent, $((CLASSES / 100)) classes woven:   ${woven} ms (+$((woven - plain)) ms)"
