package org.unitofwork.agent.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unitofwork.JoinMode;

/**
 * The agent's configuration file: which methods of legacy classes are units of work, and which data
 * sources are put under units. One rule a line, {@code #} starts a comment:
 *
 * <pre>
 * unit com.legacy.dao.*Dao save* database=shop
 * unit com.legacy.dao.*Dao find* readOnly=true
 * datasource shop com.zaxxer.hikari.HikariDataSource
 * datasource jobs com.legacy.JobPool joinMode=ROLLBACK_ONLY
 * drivermanager tpcc jdbc:postgresql://127.0.0.1:5432/tpcc*
 * </pre>
 *
 * @param units the unit rules, in file order: the first that matches a method decides its attributes
 * @param dataSources the data source rules
 * @param driverManagers the {@code drivermanager} rules, in file order: the first whose URL matches decides
 */
public record Configuration(List<UnitRule> units, List<DataSourceRule> dataSources, List<DriverManagerRule> driverManagers) {

    /** No configuration file: only {@code @UnitOfWork} methods are woven. */
    public static final Configuration NONE = new Configuration(List.of(), List.of(), List.of());

    /**
     * Reads a configuration file.
     *
     * @param file the file
     * @return the configuration
     * @throws IOException when the file cannot be read, naming its absolute path and why
     * @throws IllegalArgumentException for a malformed line, naming the file, the line and what to write
     */
    public static Configuration read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the configuration file " + file.toAbsolutePath() + ": " + reason(file, e)
                    + ". Give config= the path of a readable file, absolute or relative to the directory the JVM"
                    + " starts in (" + Path.of("").toAbsolutePath() + ")", e);
        }
        return parse(file.toString(), lines);
    }

    private static String reason(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        if (e instanceof NoSuchFileException) {
            return "there is no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.toString();
    }

    /**
     * Reads the lines of a configuration file.
     *
     * @param fileName how messages name the file
     * @param lines its lines
     * @return the configuration
     * @throws IllegalArgumentException for a malformed line, naming the file, the line and what to write
     */
    public static Configuration parse(String fileName, List<String> lines) {
        List<UnitRule> units = new ArrayList<>();
        List<DataSourceRule> dataSources = new ArrayList<>();
        List<DriverManagerRule> driverManagers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = fileName + ":" + (i + 1);
            String line = lines.get(i);
            int comment = line.indexOf('#');
            List<String> words = words(comment < 0 ? line : line.substring(0, comment));
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "unit" -> {
                    if (words.size() < 3) {
                        throw new IllegalArgumentException(where + ": a unit line names a class pattern and a method"
                                + " pattern: unit com.legacy.dao.*Dao save* [attribute=value …]");
                    }
                    units.add(new UnitRule(NamePattern.forClasses(words.get(1)), NamePattern.forMethods(words.get(2)),
                            UnitAttributes.parse(words.subList(3, words.size()), where), where));
                }
                case "datasource" -> {
                    if (words.size() < 3 || words.size() > 4) {
                        throw new IllegalArgumentException(where + ": a datasource line names a database and a data"
                                + " source class, and may give the join mode: datasource default"
                                + " com.zaxxer.hikari.HikariDataSource [joinMode=SAVEPOINT|ROLLBACK_ONLY]");
                    }
                    for (DataSourceRule earlier : dataSources) {
                        if (earlier.className().equals(words.get(2))) {
                            throw new IllegalArgumentException(where + ": " + words.get(2) + " is already adopted as '"
                                    + earlier.databaseName() + "' at " + earlier.where() + "; keep one of the lines");
                        }
                    }
                    JoinMode joinMode = words.size() == 4 ? joinMode(words.get(3), where) : JoinMode.SAVEPOINT;
                    dataSources.add(new DataSourceRule(words.get(1), words.get(2), joinMode, where));
                }
                case "drivermanager" -> driverManagers.add(driverManager(words, where, driverManagers));
                default -> throw new IllegalArgumentException(where + ": a line starts with 'unit', 'datasource' or"
                        + " 'drivermanager', not '" + words.get(0) + "'");
            }
        }
        return new Configuration(List.copyOf(units), List.copyOf(dataSources), List.copyOf(driverManagers));
    }

    private static DriverManagerRule driverManager(List<String> words, String where, List<DriverManagerRule> earlier) {
        if (words.size() < 3 || words.size() > 4) {
            throw new IllegalArgumentException(where + ": a drivermanager line names a database and the JDBC URL the"
                    + " application passes to DriverManager.getConnection, or its beginning followed by *, and may give"
                    + " the join mode: drivermanager tpcc jdbc:postgresql://127.0.0.1:5432/tpcc* [joinMode=SAVEPOINT]");
        }
        String url = words.get(2);
        int star = url.indexOf('*');
        if (!url.startsWith("jdbc:") || (star >= 0 && star != url.length() - 1)) {
            throw new IllegalArgumentException(where + ": '" + url + "' is not a JDBC URL, nor the beginning of one"
                    + " followed by a single final *: write jdbc:postgresql://127.0.0.1:5432/tpcc or"
                    + " jdbc:postgresql://127.0.0.1:5432/tpcc*");
        }
        for (DriverManagerRule rule : earlier) {
            if (rule.url().equals(url)) {
                throw new IllegalArgumentException(where + ": " + url + " is already adopted as '" + rule.databaseName()
                        + "' at " + rule.where() + "; keep one of the lines");
            }
        }
        JoinMode joinMode = words.size() == 4 ? joinMode(words.get(3), where) : JoinMode.SAVEPOINT;
        return new DriverManagerRule(words.get(1), url, joinMode, where);
    }

    private static JoinMode joinMode(String word, String where) {
        String prefix = "joinMode=";
        if (word.startsWith(prefix)) {
            for (JoinMode mode : JoinMode.values()) {
                if (mode.name().equalsIgnoreCase(word.substring(prefix.length()))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException(where + ": '" + word + "' is not a join mode; write joinMode=SAVEPOINT (the"
                + " default: each transaction of the application's own runs on a savepoint of the unit) or"
                + " joinMode=ROLLBACK_ONLY (its rollback() dooms the unit)");
    }

    private static List<String> words(String line) {
        String trimmed = line.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
