package org.unitofwork.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One benchmark's result as JMH's JSON reports it: its score with the error of the 99.9 %
 * confidence interval, and the bytes it allocated per operation ({@code gc.alloc.rate.norm}).
 *
 * @param benchmarkClass the benchmark's class, without package
 * @param method the benchmark method, whose name starts with its role: ours, floor or peer
 * @param params the {@code @Param} values, empty when there are none
 * @param throughput whether the score is operations per time (higher is better) rather than time per operation
 * @param score the score
 * @param error the half-width of the confidence interval, NaN when JMH had too few samples
 * @param unit the score's unit, such as {@code ns/op}
 * @param bytesPerOp bytes allocated per operation, NaN without {@code -prof gc}
 * @param bytesError the error of {@code bytesPerOp}
 * @param jdk the JDK version of the forks
 * @param forks how many forks ran
 */
record Measurement(String benchmarkClass, String method, Map<String, String> params, boolean throughput,
        double score, double error, String unit, double bytesPerOp, double bytesError, String jdk, int forks) {

    /** Reads every result of a JMH JSON file. */
    @SuppressWarnings("unchecked")
    static List<Measurement> allIn(String json) {
        List<Measurement> measurements = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(json)) {
            Map<String, Object> result = (Map<String, Object>) entry;
            String benchmark = (String) result.get("benchmark");
            String[] parts = benchmark.split("\\.");
            Map<String, String> params = new LinkedHashMap<>();
            Object rawParams = result.get("params");
            if (rawParams != null) {
                ((Map<String, Object>) rawParams).forEach((name, value) -> params.put(name, String.valueOf(value)));
            }
            Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            Map<String, Object> secondary = (Map<String, Object>) result.get("secondaryMetrics");
            Map<String, Object> bytes = secondary == null ? null : (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
            measurements.add(new Measurement(parts[parts.length - 2], parts[parts.length - 1], params,
                    "thrpt".equals(result.get("mode")), number(primary.get("score")), number(primary.get("scoreError")),
                    (String) primary.get("scoreUnit"), bytes == null ? Double.NaN : number(bytes.get("score")),
                    bytes == null ? Double.NaN : number(bytes.get("scoreError")), String.valueOf(result.get("jdkVersion")),
                    ((Number) result.get("forks")).intValue()));
        }
        return measurements;
    }

    /** {@code ours}, {@code floor} or {@code peer}: how the method name starts. */
    String role() {
        for (String role : List.of("ours", "floor", "peer")) {
            if (method.startsWith(role)) {
                return role;
            }
        }
        return "other";
    }

    /** The method name and its parameters, such as {@code oursScopeProtocol joinedLevels=2}. */
    String label() {
        if (params.isEmpty()) {
            return method;
        }
        return method + " " + params.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining(" "));
    }

    private static double number(Object value) {
        return value instanceof Number ? ((Number) value).doubleValue() : Double.NaN; // JMH writes "NaN" as a string
    }
}
