package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.container.ServletContainerApp;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.Resource;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.unitofwork.Session;

/**
 * Legacy code where it lives: a WAR deployed by embedded Tomcat, whose classes the webapp's own class
 * loader defines from {@code WEB-INF}, never the test's class path. The webapp is compiled here without
 * the processor: a servlet calls a service whose DAO commits each statement by hand, and an order
 * out of stock fails after its first line, over real HTTP. The container JVM runs without the agent
 * (half the order stays), and with it and a configuration (nothing stays), with the webapp's own
 * HikariCP pool and with one the container creates as a JNDI resource.
 */
class ServletContainerIT {
    private static final String CONFIGURATION = String.join("\n",
            "unit com.example.webshop.OrderService place* database=shop",
            "unit com.example.webshop.RegistryProbe probe database=shop",
            "datasource shop com.zaxxer.hikari.HikariDataSource",
            "");

    @TempDir
    static Path directory;
    private static Path war;

    @BeforeAll
    static void buildTheWar() throws IOException {
        Path sources = Path.of("src/test/legacy-webapp");
        Path classes = Files.createDirectories(directory.resolve("webapp-classes"));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "-cp", ForkedJvm.classPath(HttpServlet.class, HikariDataSource.class, Session.class)));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, arguments.toArray(new String[0])), "the legacy webapp compiles");
        war = directory.resolve("shop.war");
        try (OutputStream out = Files.newOutputStream(war); JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            add(jar, "WEB-INF/web.xml", String.join("\n",
                    "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">",
                    "  <servlet><servlet-name>shop</servlet-name>"
                            + "<servlet-class>com.example.webshop.ShopServlet</servlet-class></servlet>",
                    "  <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/order</url-pattern></servlet-mapping>",
                    "  <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/counts</url-pattern></servlet-mapping>",
                    "  <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/probe</url-pattern></servlet-mapping>",
                    "</web-app>", "").getBytes());
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    add(jar, "WEB-INF/classes/" + classes.relativize(file).toString().replace(File.separatorChar, '/'),
                            Files.readAllBytes(file));
                }
            }
            // the webapp bundles a unitofwork runtime of its own, as a library it uses might
            for (Class<?> library : List.of(HikariDataSource.class, LoggerFactory.class, org.h2.Driver.class,
                    Session.class)) {
                Path location = ForkedJvm.location(library);
                add(jar, "WEB-INF/lib/" + location.getFileName(), Files.readAllBytes(location));
            }
        }
    }

    @Test
    void withoutTheAgentAFailedOrderLeavesHalfOfItBehind() throws Exception {
        ForkedJvm.Result plain = container(null, "webapp", "undeploy");
        assertTheOrderFailedLeaving("orders: 1, lines: 1", plain);
        // what the test with the agent asserts is the agent's doing: the container alone lets it go
        assertTrue(plain.says("webapp class loader collected after undeploy: true"), plain.output());
        assertTrue(plain.says("redeployed, GET /counts: 200 orders: 1, lines: 1"), plain.output());
    }

    @Test
    void withTheAgentTheWebappsOwnPoolIsAllOrNothingAndItsClassLoaderIsCollectedOnUndeploy() throws Exception {
        ForkedJvm.Result woven = container(CONFIGURATION, "webapp", "undeploy");
        assertTheOrderFailedLeaving("orders: 0, lines: 0", woven);
        assertTrue(woven.says("POST /order?id=2: 200 placed"), woven.output());
        assertTrue(woven.says("GET /counts: 200 orders: 1, lines: 2"), woven.output());
        String webappLoader = "in class loader org.apache.catalina.loader.ParallelWebappClassLoader@";
        assertTrue(woven.output().lines().anyMatch(line -> line.contains("woven com.example.webshop.OrderService"
                + ".placeOrder(int,boolean) as OrderService.placeOrder(int,boolean) [database=shop, propagation=REQUIRED]")
                && line.contains(webappLoader)), "the report names the webapp's loader: " + woven.output());
        assertTrue(woven.output().lines().anyMatch(line -> line.contains("adopted an instance of"
                + " com.zaxxer.hikari.HikariDataSource as database 'shop'") && line.contains(webappLoader)), woven.output());
        // the servlet closes its pool when the webapp stops: the database goes, and nothing holds the webapp
        assertTrue(woven.says("released database 'shop': its instance of com.zaxxer.hikari.HikariDataSource"),
                woven.output());
        // one runtime: the webapp's own copy in WEB-INF/lib is not used, and its code sees the woven unit
        assertTrue(woven.says("GET /probe: 200 the webapp's code sees the unit on database 'shop'; its runtime comes"
                + " from the system class loader"), woven.output());
        assertTrue(woven.output().lines().anyMatch(line -> line.contains("runtime: class loader"
                + " org.apache.catalina.loader.ParallelWebappClassLoader@") && line.contains("has a unitofwork runtime of"
                + " its own (jar:file:") && line.contains("WEB-INF/lib/")), woven.output());
        assertTrue(woven.says("webapp class loader collected after undeploy: true"), woven.output());
        // deployed again: a new webapp's database is all-or-nothing again (H2 in its WEB-INF/lib starts empty)
        assertTrue(woven.says("redeployed, POST /order?id=3&outOfStock=true: 500 failed: out of stock after line 1 of"
                + " order 3" + System.lineSeparator() + "redeployed, GET /counts: 200 orders: 0, lines: 0"), woven.output());
    }

    @Test
    void withTheAgentAPoolTheContainerCreatesAsAJndiResourceIsAllOrNothing() throws Exception {
        ForkedJvm.Result woven = container(CONFIGURATION, "jndi");
        assertTheOrderFailedLeaving("orders: 0, lines: 0", woven);
        assertTrue(woven.says("GET /counts: 200 orders: 1, lines: 2"), woven.output());
    }

    /** The order out of stock failed over HTTP, and the next GET found {@code counts}. */
    private static void assertTheOrderFailedLeaving(String counts, ForkedJvm.Result run) {
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.says("POST /order?id=1&outOfStock=true: 500 failed: out of stock after line 1 of order 1"
                + System.lineSeparator() + "GET /counts: 200 " + counts), run.output());
    }

    /**
     * Runs the container; with the JNDI pool, HikariCP and H2 are the container's, on its class path;
     * with the webapp's own, the container has nothing but Tomcat.
     */
    private static ForkedJvm.Result container(String configuration, String pool, String... more) throws Exception {
        List<Class<?>> classPath = new ArrayList<>(List.of(ServletContainerApp.class, Tomcat.class, Resource.class));
        if (pool.equals("jndi")) {
            classPath.addAll(List.of(HikariDataSource.class, LoggerFactory.class, org.h2.Driver.class));
        }
        List<String> flags = new ArrayList<>();
        if (configuration != null) {
            Path file = Files.createTempFile(directory, "agent", ".conf");
            Files.writeString(file, configuration);
            flags.add("-javaagent:" + ForkedJvm.agentJar() + "=config=" + file + ",report");
        }
        // kept when the test fails, to look for what holds the webapp's loader
        flags.add("-DheapDumpOnLeak=" + Path.of("target", "webapp-leak-" + System.nanoTime() + ".hprof").toAbsolutePath());
        flags.addAll(List.of("-cp", ForkedJvm.classPath(classPath.toArray(new Class<?>[0])),
                ServletContainerApp.class.getName(), war.toString(),
                Files.createTempDirectory(directory, "tomcat").toString(), pool));
        flags.addAll(List.of(more));
        return ForkedJvm.run(ForkedJvm.command(flags.toArray(new String[0])));
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }
}
