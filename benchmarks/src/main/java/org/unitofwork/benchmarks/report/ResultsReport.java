package org.unitofwork.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Turns JMH's JSON output into a chart of ours against the floor and the peer ({@code NAME.png}) and
 * a Markdown table with the ratios the targets are stated in ({@code NAME.md}), both beside the JSON
 * file {@code NAME.json}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.unitofwork.benchmarks.report.ResultsReport benchmarks/results/quick.json
 * </pre>
 */
public final class ResultsReport {

    /** The benchmarks in the order of the targets, with what each measures. */
    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("EmptyUnitBenchmark", "B1 empty unit, H2 in memory");
        TITLES.put("JoinedUnitBenchmark", "B2 joined levels (outer unit without connection)");
        TITLES.put("LazyUnitBenchmark", "B3 unit that never touches the database");
        TITLES.put("TracedUnitBenchmark", "B3 traced: OpenTelemetry registered, off or on");
        TITLES.put("HoldBudgetBenchmark", "B1 held: one statement, without and with a connection hold budget");
        TITLES.put("EntryPointBenchmark", "B4 entry points (unit without connection)");
        // the woven method runs in forks of its own, with the agent, and belongs in the same panel
        TITLES.put("WovenEntryPointBenchmark", "B4 entry points (unit without connection)");
        TITLES.put("RollbackBenchmark", "B5 rollback path, H2 in memory");
        TITLES.put("PostgresStatementBenchmark", "B6 one-statement unit, PostgreSQL");
        TITLES.put("VirtualThreadsBenchmark", "B7 1,000 virtual threads, pool of 10, PostgreSQL");
    }

    private static final Map<String, Color> ROLE_COLORS = Map.of(
            "ours", new Color(0x2E6FD8),
            "floor", new Color(0x8A8A8A),
            "peer", new Color(0xE08A2E),
            "other", new Color(0x5AAE61));

    private ResultsReport() {
    }

    /**
     * Writes the chart and the table for a JMH JSON file.
     *
     * @param args the JSON file
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !args[0].endsWith(".json")) {
            System.err.println("usage: ResultsReport RESULTS.json   (writes RESULTS.png and RESULTS.md beside it)");
            System.exit(2);
        }
        for (Path written : write(Path.of(args[0]))) {
            System.out.println("wrote " + written);
        }
    }

    /**
     * Writes {@code NAME.png} and {@code NAME.md} beside {@code NAME.json}.
     *
     * @return the two files written
     */
    public static List<Path> write(Path json) throws IOException {
        List<Measurement> all = Measurement.allIn(Files.readString(json, StandardCharsets.UTF_8));
        Map<String, List<Measurement>> groups = byBenchmarkClass(all);
        String base = json.getFileName().toString().replaceFirst("\\.json$", "");
        Path chart = json.resolveSibling(base + ".png");
        Path table = json.resolveSibling(base + ".md");
        System.setProperty("java.awt.headless", "true");
        ImageIO.write(chart(groups, base), "png", chart.toFile());
        Files.writeString(table, table(groups), StandardCharsets.UTF_8);
        return List.of(chart, table);
    }

    private static Map<String, List<Measurement>> byBenchmarkClass(List<Measurement> all) {
        List<Measurement> ordered = new ArrayList<>(all);
        List<String> known = new ArrayList<>(TITLES.keySet());
        ordered.sort(Comparator.comparingInt((Measurement m) -> known.indexOf(m.benchmarkClass()) < 0
                ? known.size() : known.indexOf(m.benchmarkClass())));
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : ordered) {
            groups.computeIfAbsent(title(m), k -> new ArrayList<>()).add(m);
        }
        return groups;
    }

    /** A panel's title: what the benchmark measures, and on which JDK. */
    private static String title(Measurement m) {
        return TITLES.getOrDefault(m.benchmarkClass(), m.benchmarkClass()) + ", JDK " + m.jdk();
    }

    // ---- the table

    static String table(Map<String, List<Measurement>> groups) {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, List<Measurement>> group : groups.entrySet()) {
            List<Measurement> rows = group.getValue();
            Measurement first = rows.get(0);
            md.append("### ").append(group.getKey()).append(" (").append(first.forks()).append(" forks)\n\n");
            md.append("| benchmark | score ± error | B/op | ").append(first.throughput() ? "ours ÷ floor" : "÷ floor")
                    .append(" | B/op over floor | ").append(first.throughput() ? "ours ÷ peer" : "peer ÷ this")
                    .append(" |\n|---|---|---|---|---|---|\n");
            Optional<Measurement> floor = only(rows, "floor");
            Optional<Measurement> peer = only(rows, "peer");
            for (Measurement m : rows) {
                md.append("| ").append(m.label()).append(" | ").append(withError(m.score(), m.error())).append(' ')
                        .append(m.unit()).append(" | ").append(withError(m.bytesPerOp(), m.bytesError()))
                        .append(" | ").append(floor.filter(f -> !m.role().equals("floor"))
                                .map(f -> ratio(m.score() / f.score())).orElse(""))
                        .append(" | ").append(floor.filter(f -> !m.role().equals("floor"))
                                .map(f -> signed(m.bytesPerOp() - f.bytesPerOp())).orElse(""))
                        .append(" | ").append(peer.filter(p -> m.role().equals("ours"))
                                .map(p -> ratio(m.throughput() ? m.score() / p.score() : p.score() / m.score()))
                                .orElse(""))
                        .append(" |\n");
            }
            if (first.benchmarkClass().equals("JoinedUnitBenchmark")) {
                md.append(perJoinedLevel(rows));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** B2's figure: the cost of one joined level, from the difference to the unit without any. */
    private static String perJoinedLevel(List<Measurement> rows) {
        Measurement none = null;
        for (Measurement m : rows) {
            if ("0".equals(m.params().get("joinedLevels"))) {
                none = m;
            }
        }
        if (none == null) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n| joined levels | time per level | B per level |\n|---|---|---|\n");
        for (Measurement m : rows) {
            int levels = Integer.parseInt(m.params().getOrDefault("joinedLevels", "0"));
            if (levels > 0) {
                md.append("| ").append(levels).append(" | ")
                        .append(withError((m.score() - none.score()) / levels,
                                Math.hypot(m.error(), none.error()) / levels)).append(' ').append(m.unit().replace("/op", ""))
                        .append(" | ").append(withError((m.bytesPerOp() - none.bytesPerOp()) / levels,
                                Math.hypot(m.bytesError(), none.bytesError()) / levels))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static Optional<Measurement> only(List<Measurement> rows, String role) {
        List<Measurement> found = rows.stream().filter(m -> m.role().equals(role)).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static String withError(double value, double error) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Double.isNaN(error) ? format(value) : format(value) + " ± " + format(error);
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f ×", ratio);
    }

    private static String signed(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%+.0f", bytes);
    }

    private static String format(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 1000 ? "%.0f" : magnitude >= 100 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    // ---- the chart

    private static final int WIDTH = 1200;
    private static final int MARGIN = 20;
    private static final int LABEL_WIDTH = 300;
    private static final int VALUE_WIDTH = 290;
    private static final int BAR_HEIGHT = 20;
    private static final int ROW_HEIGHT = 26;
    private static final int TITLE_HEIGHT = 30;

    static BufferedImage chart(Map<String, List<Measurement>> groups, String name) {
        int height = MARGIN + 40 + 30;
        for (List<Measurement> rows : groups.values()) {
            height += TITLE_HEIGHT + rows.size() * ROW_HEIGHT + 14;
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("unitofwork: ours vs floor (hand-written JDBC) vs peer (Spring TransactionTemplate) — " + name,
                    MARGIN, MARGIN + 18);
            int y = MARGIN + 40;
            y = legend(g, y);
            for (Map.Entry<String, List<Measurement>> group : groups.entrySet()) {
                y = panel(g, y, group.getKey(), group.getValue());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int legend(Graphics2D g, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = MARGIN;
        for (String role : List.of("ours", "floor", "peer")) {
            g.setColor(ROLE_COLORS.get(role));
            g.fillRect(x, y, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(role, x + 20, y + 12);
            x += 90;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("each panel has its own scale; whiskers: 99.9 % confidence interval; labels: score ± error, bytes/op",
                x + 20, y + 12);
        return y + 30;
    }

    private static int panel(Graphics2D g, int y, String title, List<Measurement> rows) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        String direction = rows.get(0).throughput() ? " — higher is better" : " — lower is better";
        g.drawString(title + " (" + rows.get(0).unit() + direction + ")", MARGIN, y + 18);
        y += TITLE_HEIGHT;
        double max = 0;
        for (Measurement m : rows) {
            max = Math.max(max, m.score() + (Double.isNaN(m.error()) ? 0 : m.error()));
        }
        int barStart = MARGIN + LABEL_WIDTH;
        int barSpace = WIDTH - barStart - VALUE_WIDTH - MARGIN;
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        for (Measurement m : rows) {
            g.setColor(Color.BLACK);
            g.drawString(m.label(), MARGIN + 10, y + 15);
            int length = max > 0 ? (int) Math.round(m.score() / max * barSpace) : 0;
            g.setColor(ROLE_COLORS.get(m.role()));
            g.fillRect(barStart, y + 2, Math.max(1, length), BAR_HEIGHT - 4);
            if (!Double.isNaN(m.error()) && max > 0) {
                int low = barStart + (int) Math.round(Math.max(0, m.score() - m.error()) / max * barSpace);
                int high = barStart + (int) Math.round((m.score() + m.error()) / max * barSpace);
                int middle = y + BAR_HEIGHT / 2;
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.5f));
                g.drawLine(low, middle, high, middle);
                g.drawLine(low, middle - 5, low, middle + 5);
                g.drawLine(high, middle - 5, high, middle + 5);
            }
            g.setColor(Color.BLACK);
            g.drawString(withError(m.score(), m.error()) + " " + m.unit() + ", " + withError(m.bytesPerOp(), Double.NaN)
                    + " B/op", barStart + barSpace + 12, y + 15);
            y += ROW_HEIGHT;
        }
        return y + 14;
    }
}
