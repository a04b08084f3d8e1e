package com.example.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;

/**
 * A servlet container as legacy webapps live in: embedded Tomcat deploys a WAR through its webapp
 * class loader, then this program places orders over HTTP, prints the responses, and, with
 * {@code undeploy}, undeploys the webapp, says whether its class loader was collected, deploys it again
 * and places an order that fails.
 *
 * <pre>
 * ServletContainerApp WAR WORK_DIRECTORY (webapp|jndi) [undeploy]
 * </pre>
 *
 * With {@code jndi} the container creates the webapp's pool, a HikariCP JNDI resource
 * {@code jdbc/shop}; with {@code webapp} the webapp creates its own from the HikariCP in its
 * {@code WEB-INF/lib}.
 */
public final class ServletContainerApp {
    private ServletContainerApp() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args[0]);
        Path work = Path.of(args[1]);
        boolean jndi = args[2].equals("jndi");
        boolean undeploy = args.length > 3 && args[3].equals("undeploy");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(work.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP: the legacy webapp has servlets only
        tomcat.getHost().setAppBase(Files.createDirectories(work.resolve("webapps")).toString());
        if (jndi) {
            tomcat.enableNaming();
        }
        long deploying = System.nanoTime();
        Context context = deploy(tomcat, war, jndi);
        tomcat.start();
        // the servlet starts on the first request; one GET puts its start in the deployment's time
        String first = request("GET", tomcat, "/shop/counts");
        System.out.println("deployed in " + (System.nanoTime() - deploying) / 1_000_000 + " ms, "
                + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after the JVM started; " + first);
        System.out.println("POST /order?id=1&outOfStock=true: " + request("POST", tomcat, "/shop/order?id=1&outOfStock=true"));
        System.out.println("GET /counts: " + request("GET", tomcat, "/shop/counts"));
        System.out.println("POST /order?id=2: " + request("POST", tomcat, "/shop/order?id=2"));
        System.out.println("GET /counts: " + request("GET", tomcat, "/shop/counts"));
        System.out.println("GET /probe: " + request("GET", tomcat, "/shop/probe"));
        if (undeploy) {
            WeakReference<ClassLoader> webappLoader = new WeakReference<>(context.getLoader().getClassLoader());
            String described = String.valueOf(webappLoader.get()).lines().findFirst().orElse("");
            tomcat.getHost().removeChild(context);
            context = null;
            System.out.println("webapp class loader collected after undeploy: " + collected(webappLoader)
                    + " (" + described + ")");
            // deployed again, into the running container: its new pool is adopted under the name the old one freed
            deploy(tomcat, war, jndi);
            System.out.println("redeployed, POST /order?id=3&outOfStock=true: "
                    + request("POST", tomcat, "/shop/order?id=3&outOfStock=true"));
            System.out.println("redeployed, GET /counts: " + request("GET", tomcat, "/shop/counts"));
        }
        stop(tomcat);
    }

    /** Adds the webapp to the host: deployed at once when the container runs, else when it starts. */
    private static Context deploy(Tomcat tomcat, Path war, boolean jndi) {
        Context context = tomcat.addWebapp("/shop", war.toString());
        context.addParameter("pool", jndi ? "jndi" : "webapp");
        if (jndi) {
            ContextResource pool = new ContextResource();
            pool.setName("jdbc/shop");
            pool.setType("javax.sql.DataSource");
            pool.setProperty("factory", "com.zaxxer.hikari.HikariJNDIFactory");
            pool.setProperty("jdbcUrl", "jdbc:h2:mem:container_shop;DB_CLOSE_DELAY=-1");
            pool.setProperty("username", "sa");
            pool.setProperty("maximumPoolSize", "2");
            context.getNamingResources().addResource(pool);
        }
        return context;
    }

    private static boolean collected(WeakReference<ClassLoader> loader) throws IOException {
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        String dump = System.getProperty("heapDumpOnLeak");
        if (loader.get() != null && dump != null) {
            // for whoever looks for what keeps it: the path from a GC root to the webapp's loader
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpHeap(dump, true);
            System.out.println("heap dumped to " + dump);
        }
        return loader.get() == null;
    }

    private static String request(String method, Tomcat tomcat, String path) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        if (method.equals("POST")) {
            connection.setDoOutput(true);
            try (OutputStream body = connection.getOutputStream()) {
                body.write(new byte[0]);
            }
        }
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return status + " " + new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private static void stop(Tomcat tomcat) throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
