package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.app.AnnotatedApp;
import com.example.drivermanager.LedgerApp;
import com.example.jobs.JobsApp;
import com.example.app.WaitingApp;
import com.example.legacy.LegacyApp;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.LoggerFactory;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The packaged agent jar as users start it: {@code -javaagent:} on a plain class path and on an
 * executable jar, and attached to a running JVM, each in a JVM of its own on the JDK that runs the
 * build. The legacy program places an order that fails half-way: plain, it leaves one line behind;
 * woven, none.
 */
class AgentJarIT {
    private static final String LEGACY_UNITS = String.join("\n",
            "unit com.example.legacy.*Service place*  database=legacy",
            "unit com.example.legacy.*Dao save*  database=legacy",
            "unit com.example.legacy.*Dao find*  database=legacy readOnly=true",
            "");

    @TempDir
    Path directory;

    @Test
    void withoutTheAgentTheLegacyProgramLeavesHalfItsWorkBehind() throws Exception {
        ForkedJvm.Result plain = ForkedJvm.run(ForkedJvm.command("-cp", legacyClassPath(), LegacyApp.class.getName()));
        assertEquals(0, plain.exitCode(), plain.output());
        assertTrue(plain.says("lines left behind: 1"), plain.output());
    }

    @Test
    void configuredLegacyMethodsAndTheirOwnDataSourceLeaveNothingBehind() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy com.example.legacy.LegacyDataSource\n");
        ForkedJvm.Result woven = ForkedJvm.run(ForkedJvm.command(agent("config=" + config + ",report"),
                "-cp", legacyClassPath(), LegacyApp.class.getName()));
        assertEquals(0, woven.exitCode(), woven.output());
        assertTrue(woven.says("failed: payment declined after line 1"), woven.output());
        assertTrue(woven.says("lines left behind: 0"), woven.output());
        assertTrue(woven.says("runtime: unitofwork-runtime.jar supplied by the agent"), woven.output());
        assertTrue(woven.says("runtime: HikariCP.jar supplied by the agent"), woven.output());
        assertTrue(woven.says("woven com.example.legacy.OrderService.placeOrder(int,int,boolean) as"
                + " OrderService.placeOrder(int,int,boolean) [database=legacy, propagation=REQUIRED]"), woven.output());
        assertTrue(woven.says("adopted an instance of com.example.legacy.LegacyDataSource as database 'legacy'"),
                woven.output());
    }

    @Test
    void itWeavesNothingBeyondWhatItsConfigurationNames() throws Exception {
        Path config = config("unit com.example.legacy.OrderService placeOrder database=legacy\n");
        // with a runtime of its own, whose code could register 'legacy', so that the agent starts
        String classPath = ForkedJvm.classPath(LegacyApp.class, Database.class, HikariDataSource.class,
                LoggerFactory.class, org.h2.Driver.class);
        ForkedJvm.Result run = ForkedJvm.run(ForkedJvm.command(agent("config=" + config + ",report"),
                "-cp", classPath, LegacyApp.class.getName()));
        List<String> woven = new ArrayList<>();
        for (String line : run.output().split("\\R")) {
            if (line.startsWith("[unitofwork-agent] woven ")) {
                woven.add(line);
            }
        }
        assertEquals(1, woven.size(), "one configured method, one woven: " + run.output());
        assertTrue(woven.get(0).startsWith("[unitofwork-agent] woven com.example.legacy.OrderService.placeOrder("),
                woven.get(0));
        assertFalse(run.says("adopted"), "no data source is named, none may be adopted: " + run.output());
    }

    @Test
    void anExecutableJarWithItsOwnHikariPool() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy com.zaxxer.hikari.HikariDataSource\n");
        Path jar = executableJar(LegacyApp.class.getName(), ForkedJvm.location(org.h2.Driver.class),
                ForkedJvm.location(HikariDataSource.class), ForkedJvm.location(LoggerFactory.class));
        ForkedJvm.Result plain = ForkedJvm.run(ForkedJvm.command("-jar", jar.toString(), "hikari"));
        assertTrue(plain.says("lines left behind: 1"), plain.output());
        ForkedJvm.Result woven = ForkedJvm.run(ForkedJvm.command(agent("config=" + config + ",report"),
                "-jar", jar.toString(), "hikari"));
        assertEquals(0, woven.exitCode(), woven.output());
        assertTrue(woven.says("lines left behind: 0"), woven.output());
        assertTrue(woven.says("runtime: HikariCP.jar from the application"), woven.output());
        assertTrue(woven.says("adopted an instance of com.zaxxer.hikari.HikariDataSource as database 'legacy'"),
                woven.output());
    }

    @Test
    void annotatedMethodsUseTheRuntimeOnTheApplicationsClassPath() throws Exception {
        String classPath = ForkedJvm.classPath(AnnotatedApp.class, Database.class, HikariDataSource.class,
                LoggerFactory.class, org.h2.Driver.class);
        ForkedJvm.Result woven = ForkedJvm.run(ForkedJvm.command(agent("report"), "-cp", classPath,
                AnnotatedApp.class.getName()));
        assertEquals(0, woven.exitCode(), woven.output());
        assertTrue(woven.says("failed: half-way"), woven.output());
        assertTrue(woven.says("accounts: 1"), woven.output());
        assertTrue(woven.says("Database loaded from " + ForkedJvm.location(Database.class)),
                "one runtime, the application's: " + woven.output());
        assertTrue(woven.says("runtime: unitofwork-runtime.jar from the application"), woven.output());
        assertFalse(woven.says("supplied by the agent"), woven.output());
    }

    @Test
    void attachingToARunningJvmWeavesTheClassesItAlreadyLoaded() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy com.example.legacy.LegacyDataSource\n");
        Process app = new ProcessBuilder(ForkedJvm.command("-cp", legacyClassPath(), WaitingApp.class.getName()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = output.readLine(); line != null && !line.equals("ready"); line = output.readLine()) {
                lines.add(line);
            }
            ByteBuddyAgent.attach(ForkedJvm.agentJar().toFile(), String.valueOf(app.pid()), "config=" + config + ",report");
            try (Writer input = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
                input.write("go\n");
            }
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                lines.add(line);
            }
            assertTrue(app.waitFor(60, TimeUnit.SECONDS));
            String text = String.join("\n", lines);
            assertEquals(0, app.exitValue(), text);
            assertTrue(text.contains("started by attaching to a running JVM"), text);
            assertTrue(text.contains("woven com.example.legacy.OrderService.placeOrder(int,int,boolean)"), text);
            assertTrue(text.contains("lines left behind: 0"), text);
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void classFilesOfTheRunningJdksOwnVersionAreWoven() throws Exception {
        int release = Runtime.version().feature();
        Path sources = Files.createDirectories(directory.resolve("src/com/example/latest"));
        Files.writeString(sources.resolve("LatestService.java"), String.join("\n",
                "package com.example.latest;",
                "public class LatestService {",
                "    public void placeOrder(com.example.legacy.OrderDao dao) throws java.sql.SQLException {",
                "        dao.saveLine(1, \"book\");",
                "        throw new IllegalStateException(\"half-way\");",
                "    }",
                "    public static void main(String[] args) throws Exception {",
                "        var dataSource = new com.example.legacy.LegacyDataSource(\"jdbc:h2:mem:latest;DB_CLOSE_DELAY=-1\");",
                "        try (var c = dataSource.getConnection(); var s = c.createStatement()) {",
                "            s.execute(\"create table order_line (id int primary key, item varchar(20))\");",
                "        }",
                "        var dao = new com.example.legacy.OrderDao(dataSource, \"order_line\");",
                "        try { new LatestService().placeOrder(dao); } catch (IllegalStateException e) { }",
                "        System.out.println(\"lines left behind: \" + dao.findCount());",
                "    }",
                "}"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", String.valueOf(release), "-d", classes.toString(),
                "-cp", ForkedJvm.location(LegacyApp.class).toString(),
                sources.resolve("LatestService.java").toString()));
        byte[] classFile = Files.readAllBytes(classes.resolve("com/example/latest/LatestService.class"));
        assertEquals(44 + release, ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff), "major version of JDK " + release);

        Path config = config("unit com.example.latest.* place*  database=legacy\n"
                + "datasource legacy com.example.legacy.LegacyDataSource\n");
        ForkedJvm.Result woven = ForkedJvm.run(ForkedJvm.command(agent("config=" + config + ",report"),
                "-cp", classes + File.pathSeparator + legacyClassPath(), "com.example.latest.LatestService"));
        assertEquals(0, woven.exitCode(), woven.output());
        assertTrue(woven.says("woven com.example.latest.LatestService.placeOrder(OrderDao)"), woven.output());
        assertTrue(woven.says("lines left behind: 0"), woven.output());
    }

    @Test
    void aSecondStartInTheSameJvmWeavesNothing() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy com.example.legacy.LegacyDataSource\n");
        ForkedJvm.Result twice = ForkedJvm.run(ForkedJvm.command(agent("config=" + config), agent("config=" + config),
                "-cp", legacyClassPath(), LegacyApp.class.getName()));
        assertEquals(0, twice.exitCode(), twice.output());
        assertTrue(twice.says("the agent already runs in this JVM (started with -javaagent); this second start weaves"
                + " nothing"), twice.output());
        assertTrue(twice.says("lines left behind: 0"), twice.output());
    }

    @Test
    void aMalformedConfigurationIsReportedAndTheProgramRunsAsWritten() throws Exception {
        Path config = config("unit com.example.legacy.*Dao save* readonly=true\n");
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent("config=" + config), "-cp", legacyClassPath(),
                LegacyApp.class.getName()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.says("[unitofwork-agent] ERROR: the agent did not start and wove nothing; the application runs"
                + " without units of work: " + config + ":1: unknown attribute 'readonly'"), result.output());
        assertTrue(result.says("lines left behind: 1"), result.output());
    }

    @Test
    void aDryRunReportsWhatItWouldWeaveAndChangesNothing() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy com.example.legacy.LegacyDataSource\n");
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent("config=" + config + ",dry-run"),
                "-cp", legacyClassPath(), LegacyApp.class.getName()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.says("would weave com.example.legacy.OrderDao.findCount() as OrderDao.findCount()"
                + " [database=legacy, propagation=REQUIRED, readOnly]"), result.output());
        assertTrue(result.says("lines left behind: 1"), result.output());
    }

    @Test
    void aConfigurationThatCannotWorkIsSaidAtStartInADryRunTooAndTheProgramRunsAsWritten() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy java.sql.DriverManager\n");
        for (String options : List.of("config=" + config, "config=" + config + ",dry-run")) {
            ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent(options), "-cp", legacyClassPath(),
                    LegacyApp.class.getName()));
            assertEquals(0, result.exitCode(), result.output());
            String error = "[unitofwork-agent] ERROR: the agent did not start and wove nothing; the application runs"
                    + " without units of work: " + config + ":4: datasource legacy java.sql.DriverManager names a class"
                    + " of the JDK, which the agent never weaves.";
            assertTrue(result.says(error), result.output());
            assertTrue(result.output().indexOf(error) < result.output().indexOf("lines left behind: 1"),
                    "said before the application's first call: " + result.output());
        }
    }

    @Test
    void aConfigurationFileThatCannotBeReadIsNamedWithItsAbsolutePathAndTheReason() throws Exception {
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent("config=nope.conf"), "-cp", legacyClassPath(),
                LegacyApp.class.getName()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.says("the application runs without units of work: cannot read the configuration file "
                + Path.of("nope.conf").toAbsolutePath() + ": there is no such file."), result.output());
        assertTrue(result.says("lines left behind: 1"), result.output());
    }

    @Test
    void aDatabaseNoLineAdoptsIsSaidAtStartAndItsFirstCallSaysWhatToAdd() throws Exception {
        Path config = config("unit com.example.legacy.*Service place* database=legasy\n"
                + "datasource legacy com.example.legacy.LegacyDataSource\n");
        String classPath = ForkedJvm.classPath(LegacyApp.class, Database.class, HikariDataSource.class,
                LoggerFactory.class, org.h2.Driver.class);
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent("config=" + config), "-cp", classPath,
                LegacyApp.class.getName()));
        assertTrue(result.says("[unitofwork-agent] WARNING: " + config + ":1: database 'legasy' is not adopted by any line"
                + " (the configuration adopts only 'legacy'). Did you mean 'legacy'?"), result.output());
        assertTrue(result.says("org.unitofwork.DatabaseConfigurationException: Woven method"
                + " OrderService.placeOrder(int,int,boolean) (configured at " + config + ":1) was called on thread main,"
                + " but its database 'legasy' is not registered. The agent registers a database for each datasource line"
                + " of its configuration, when the application creates that data source, and for each drivermanager line"
                + " at start; add 'datasource legasy <the application's DataSource class>' or 'drivermanager legasy <its"
                + " JDBC URL>' to the configuration, or correct database= at " + config + ":1."),
                result.output());
    }

    @Test
    void aUnitLineThatMatchedNothingIsSaidAtExit() throws Exception {
        Path config = config("unit com.example.legacy.*Servise place* database=legacy\n"
                + "unit com.example.legacy.*Dao save* database=legacy\n"
                + "datasource legacy com.example.legacy.LegacyDataSource\n");
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent("config=" + config), "-cp", legacyClassPath(),
                LegacyApp.class.getName()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.says("[unitofwork-agent] WARNING: " + config + ":1 (unit com.example.legacy.*Servise place*)"
                + " wove nothing: no class loaded in this run matches com.example.legacy.*Servise."), result.output());
        assertFalse(result.says(config + ":2 (unit"), result.output());
    }

    @Test
    void theReportNamesOnlyTheLibrariesTheAgentReallySupplied() throws Exception {
        Path config = config(LEGACY_UNITS + "datasource legacy com.example.legacy.LegacyDataSource\n");
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(agent("config=" + config + ",dry-run"),
                "-cp", legacyClassPath(), LegacyApp.class.getName()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.says("runtime: unitofwork-runtime.jar supplied by the agent (the application has none; first"
                + " used for org.unitofwork."), result.output());
        assertFalse(result.says("HikariCP.jar supplied"), "a dry run adopts nothing, so nothing uses HikariCP: "
                + result.output());
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aProgramOnDriverManagerIsAllOrNothingWithTheAgentAndItsSkippedDuplicatesStillSkip(TestDatabase kind)
            throws Exception {
        kind.assumeAvailable();
        String url = kind == TestDatabase.H2 ? "jdbc:h2:mem:ledger;DB_CLOSE_DELAY=-1" : kind.newUrl();
        String user = kind == TestDatabase.H2 ? "sa" : "postgres";
        String classPath = ForkedJvm.classPath(LedgerApp.class, org.h2.Driver.class, org.postgresql.Driver.class);
        List<String> program = List.of("-cp", classPath, LedgerApp.class.getName(), url, user, "",
                TestDatabase.uniqueName("ledger"));

        ForkedJvm.Result plain = ForkedJvm.run(ForkedJvm.command(program.toArray(String[]::new)));
        assertEquals(0, plain.exitCode(), plain.output());
        assertTrue(plain.says("entries left behind: 1"), plain.output());
        assertTrue(plain.says("posted: 3"), plain.output());

        Path config = config("unit com.example.drivermanager.LedgerService * database=ledger\n"
                + "drivermanager ledger " + url + "\n");
        List<String> woven = new ArrayList<>(List.of(agent("config=" + config + ",report")));
        woven.addAll(program);
        ForkedJvm.Result result = ForkedJvm.run(ForkedJvm.command(woven.toArray(String[]::new)));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.says("failed: transfer failed after entry 1"), result.output());
        assertTrue(result.says("entries left behind: 0"), result.output());
        assertTrue(result.says("posted: 3"), result.output());
        assertTrue(result.says("entries: 3"), result.output());
        assertTrue(result.says("adopted connections from DriverManager for " + url + " as database 'ledger' (join mode"
                + " SAVEPOINT, " + config + ":2)"), result.output());
        assertTrue(result.says("woven 6 DriverManager.getConnection call(s) in com.example.drivermanager.LedgerDao"),
                result.output());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void quartzsOwnJdbcTransactionsJoinTheUnitAllOrNothingAndItsRolledBackDuplicatesStillSkip(TestDatabase kind)
            throws Exception {
        kind.assumeAvailable();
        String url = kind == TestDatabase.H2 ? "jdbc:h2:mem:jobs;DB_CLOSE_DELAY=-1" : kind.newUrl();
        String user = kind == TestDatabase.H2 ? "sa" : kind == TestDatabase.POSTGRES ? "postgres" : "root";
        String classPath = ForkedJvm.classPath(JobsApp.class, StdSchedulerFactory.class, HikariDataSource.class,
                LoggerFactory.class, org.h2.Driver.class, org.postgresql.Driver.class, org.mariadb.jdbc.Driver.class);
        List<String> program = List.of("-cp", classPath, JobsApp.class.getName(), url, user, "",
                TestDatabase.uniqueName("qrtz"));

        ForkedJvm.Result plain = ForkedJvm.run(ForkedJvm.command(program.toArray(String[]::new)));
        assertEquals(0, plain.exitCode(), plain.output());
        assertTrue(plain.says("jobs left behind: 1"), "Quartz committed the first job on its own: " + plain.output());
        assertTrue(plain.says("booked: 3"), plain.output());
        assertTrue(plain.says("jobs: 4"), plain.output());

        String units = "unit com.example.jobs.JobBooking book* database=jobs\n";
        ForkedJvm.Result savepoints = runWith(config(units + "datasource jobs com.zaxxer.hikari.HikariDataSource\n"),
                program);
        assertEquals(0, savepoints.exitCode(), savepoints.output());
        assertTrue(savepoints.says("failed: booking failed after job a"), savepoints.output());
        assertTrue(savepoints.says("jobs left behind: 0"), "Quartz's own commit was the unit's: " + savepoints.output());
        assertTrue(savepoints.says("booked: 3"), "Quartz rolled back to its savepoint and the unit went on: "
                + savepoints.output());
        assertTrue(savepoints.says("jobs: 3"), savepoints.output());
        assertTrue(savepoints.says("adopted an instance of com.zaxxer.hikari.HikariDataSource as database 'jobs' (join"
                + " mode SAVEPOINT)"), savepoints.output());

        ForkedJvm.Result rollbackOnly = runWith(config(units
                + "datasource jobs com.zaxxer.hikari.HikariDataSource joinMode=ROLLBACK_ONLY\n"), program);
        assertEquals(0, rollbackOnly.exitCode(), rollbackOnly.output());
        assertTrue(rollbackOnly.says("jobs left behind: 0"), rollbackOnly.output());
        assertTrue(rollbackOnly.says("booking failed: RollbackOnlyException"), rollbackOnly.output());
        assertTrue(rollbackOnly.says("jobs: 0"), "Quartz's rollback of the duplicate doomed the whole batch: "
                + rollbackOnly.output());
    }

    private static ForkedJvm.Result runWith(Path config, List<String> program) throws Exception {
        List<String> command = new ArrayList<>(List.of(agent("config=" + config + ",report")));
        command.addAll(program);
        return ForkedJvm.run(ForkedJvm.command(command.toArray(String[]::new)));
    }

    private static String agent(String options) {
        return "-javaagent:" + ForkedJvm.agentJar() + "=" + options;
    }

    /** The legacy program's class path: its classes and H2, nothing of unitofwork. */
    private static String legacyClassPath() {
        return ForkedJvm.classPath(LegacyApp.class, org.h2.Driver.class);
    }

    private Path config(String text) throws IOException {
        Path file = Files.createTempFile(directory, "agent", ".conf");
        Files.writeString(file, text);
        return file;
    }

    /** A jar with the legacy classes and a manifest naming its main class and its libraries. */
    private Path executableJar(String mainClass, Path... libraries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        List<String> classPath = new ArrayList<>();
        for (Path library : libraries) {
            classPath.add(library.toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        Path jar = directory.resolve("legacy-app.jar");
        Path classes = ForkedJvm.location(LegacyApp.class);
        Path legacy = classes.resolve("com/example/legacy");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.list(legacy)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
