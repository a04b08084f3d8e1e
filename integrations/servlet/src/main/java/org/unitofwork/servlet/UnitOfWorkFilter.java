package org.unitofwork.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.Isolation;
import org.unitofwork.Scope;
import org.unitofwork.Session;

/**
 * Runs each matching HTTP request in one unit of work: the unit opens before the rest of the filter
 * chain runs, commits when the chain returns, and rolls back when the chain throws, the exception
 * reaching the container unchanged. Servlets and the code they call join the unit through
 * {@link Session#current()} (or {@link Session#current(String)} for a named database), or through a
 * {@link Boundary} or {@code @UnitOfWork} method of the default propagation. Requests that do not
 * match pass through untouched, with no unit.
 *
 * <p>Set up programmatically, for {@code ServletContext.addFilter} and embedded servers:
 *
 * <pre>{@code
 * context.addFilter("unitofwork", UnitOfWorkFilter.builder()
 *                 .database("shop")
 *                 .exclude("/static/*", "/health")
 *                 .build())
 *         .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>or in {@code web.xml}, through init-params read by {@link #init(FilterConfig)}:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>unitofwork</filter-name>
 *   <filter-class>org.unitofwork.servlet.UnitOfWorkFilter</filter-class>
 *   <init-param><param-name>database</param-name><param-value>shop</param-value></init-param>
 *   <init-param><param-name>exclude</param-name><param-value>/static/*, /health</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>unitofwork</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p><b>How the unit ends.</b> The chain returns normally: the unit commits, unless the response
 * status is a server error (500 or above, set with {@code setStatus} or {@code sendError}): then it
 * rolls back, because the application has told the client the request failed (see
 * {@link Builder#rollbackOnServerError(boolean)}). Client errors (4xx) commit: the servlet decided
 * the outcome; to roll one back, call {@code Session.current().setRollbackOnly()} or throw. The
 * chain throws: the unit rolls back and the same exception instance ({@code ServletException},
 * {@code IOException}, runtime exception or {@code Error}) propagates to the container. A unit that
 * cannot commit (the database refused, the deadline passed, a joined boundary failed) throws the
 * runtime's exception to the container instead.
 *
 * <p><b>The response may already be on its way.</b> The unit commits after the servlet returns. By
 * then the container may have sent the status line and part of the body: when the servlet flushed,
 * or when the body outgrew the response buffer. A commit that fails after that can no longer turn
 * the response into an error; the client sees a success, or a cut-off response, for work that was
 * rolled back. Where a client must be able to trust a 2xx, keep the response within the buffer
 * ({@code response.setBufferSize}) and do not flush it, or exclude the path and end a
 * {@link Boundary} of your own before writing the response.
 *
 * <p><b>Read-only for safe methods.</b> {@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE}
 * requests run in a read-only unit (see {@link Builder#readOnlyMethods(String...)}): the database
 * refuses their writes where it enforces read-only connections (PostgreSQL, MariaDB), and a boundary
 * asking for a read-write unit inside one fails on every database. The connection is read-write
 * again before it goes back to the pool.
 *
 * <p><b>No retries.</b> A unit that fails on a transient conflict is not run again: that would mean
 * running the servlet again, which cannot read the request body a second time and may already have
 * written to the response or acted outside the database. Run retrying work in a {@link Boundary} with
 * {@code retries} and propagation {@code REQUIRES_NEW} inside the request, or exclude its path.
 *
 * <p><b>Threads, dispatches and async requests.</b> The unit belongs to the thread that runs the
 * filter and ends when the filter returns: after it, the thread holds no unit and no connection.
 * Forwards and includes run on that thread inside the chain, so they join the request's unit. A
 * request put into asynchronous mode ({@code startAsync}) ends its unit when the filter returns,
 * committing the work done on the request thread, whatever the asynchronous part is doing by then;
 * an asynchronous continuation runs on another thread, cannot use the request's session, and opens
 * units of its own (with {@link Database#run}, say). The container calls the filter for the
 * dispatch types of its mapping, {@code REQUEST} only unless the mapping names others; mapped for
 * {@code ASYNC} or {@code ERROR} too, each such dispatch runs in a unit of its own.
 *
 * <p><b>Boundaries.</b> The filter builds two boundaries in {@link #init(FilterConfig)}, named after
 * the filter ({@code UnitOfWorkFilter[unitofwork]} and {@code UnitOfWorkFilter[unitofwork] read-only}),
 * with propagation {@code REQUIRED}: a unit already active on the thread (opened by a filter
 * earlier in the chain) is joined. The database is looked up by name when the first request runs, so
 * the filter may be initialised before the application builds it.
 */
public final class UnitOfWorkFilter implements Filter {

    /** Init-param naming the database the units run on; {@code default} when absent. */
    public static final String DATABASE = "database";
    /**
     * Init-param listing path patterns, separated by commas or white space, of the requests that run
     * in a unit; every path when absent. See {@link Builder#include(String...)}.
     */
    public static final String INCLUDE = "include";
    /**
     * Init-param listing path patterns, separated by commas or white space, of the requests that run
     * without a unit even though they are included. See {@link Builder#exclude(String...)}.
     */
    public static final String EXCLUDE = "exclude";
    /**
     * Init-param listing the HTTP methods, separated by commas or white space, whose requests run in
     * a read-only unit; {@code GET, HEAD, OPTIONS, TRACE} when absent, none when empty.
     */
    public static final String READ_ONLY_METHODS = "readOnlyMethods";
    /** Init-param naming the isolation level of the units, an {@link Isolation} constant such as {@code SERIALIZABLE}. */
    public static final String ISOLATION = "isolation";
    /** Init-param giving the deadline of each unit in whole seconds; 0, no deadline, when absent. */
    public static final String TIMEOUT_SECONDS = "timeoutSeconds";
    /**
     * Init-param, {@code true} or {@code false}: whether a response status of 500 or above rolls the
     * unit back; {@code true} when absent.
     */
    public static final String ROLLBACK_ON_SERVER_ERROR = "rollbackOnServerError";

    private static final List<String> INIT_PARAMETERS = List.of(DATABASE, INCLUDE, EXCLUDE, READ_ONLY_METHODS,
            ISOLATION, TIMEOUT_SECONDS, ROLLBACK_ON_SERVER_ERROR);

    /** The settings a builder gave; null for a filter configured by init-params. */
    private final Settings preset;
    /** Set by {@link #init}; the container publishes it to the request threads. */
    private volatile Active active;

    /**
     * Creates a filter configured by its init-params when the container initialises it: the
     * constructor containers call for a filter declared in {@code web.xml} or with {@code @WebFilter}.
     */
    public UnitOfWorkFilter() {
        this.preset = null;
    }

    private UnitOfWorkFilter(Settings preset) {
        this.preset = preset;
    }

    /**
     * Starts configuring a filter in code, for {@code ServletContext.addFilter(name, filter)} and
     * embedded servers.
     *
     * @return a builder with the defaults of the init-params
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the init-params (for a filter made by its public constructor) and builds the filter's
     * boundaries.
     *
     * @param config the filter's name and init-params
     * @throws ServletException when an init-param is unknown or its value is invalid, naming the
     *     filter, the parameter and the value; or when a filter made by {@link #builder()} is given
     *     init-params, which it would ignore
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        String filterName = config.getFilterName();
        List<String> names = Collections.list(config.getInitParameterNames());
        Settings settings = preset;
        if (settings == null) {
            settings = read(config, filterName, names);
        } else if (!names.isEmpty()) {
            throw new ServletException("Filter '" + filterName + "' was configured by UnitOfWorkFilter.builder(), which"
                    + " ignores init-params, yet has init-params " + names + ": set them on the builder instead.");
        }
        String name = "UnitOfWorkFilter[" + filterName + "]";
        active = new Active(settings, settings.boundary(name, false), settings.boundary(name + " read-only", true));
    }

    private static Settings read(FilterConfig config, String filterName, List<String> names) throws ServletException {
        for (String name : names) {
            if (!INIT_PARAMETERS.contains(name)) {
                throw new ServletException("Filter '" + filterName + "' has an unknown init-param '" + name
                        + "': UnitOfWorkFilter reads " + String.join(", ", INIT_PARAMETERS) + ".");
            }
        }
        Builder b = new Builder();
        apply(config, DATABASE, value -> b.database(value.strip()));
        apply(config, INCLUDE, value -> b.include(list(value)));
        apply(config, EXCLUDE, value -> b.exclude(list(value)));
        apply(config, READ_ONLY_METHODS, value -> b.readOnlyMethods(list(value)));
        apply(config, ISOLATION, value -> b.isolation(isolation(value.strip())));
        apply(config, TIMEOUT_SECONDS, value -> b.timeoutSeconds(seconds(value.strip())));
        apply(config, ROLLBACK_ON_SERVER_ERROR, value -> b.rollbackOnServerError(bool(value.strip())));
        return b.settings();
    }

    /** Hands the init-param {@code name}, when present, to {@code setter}; its complaint names the parameter. */
    private static void apply(FilterConfig config, String name, Consumer<String> setter) throws ServletException {
        String value = config.getInitParameter(name);
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new ServletException("Filter '" + config.getFilterName() + "': init-param " + name + " = \"" + value
                    + "\" is invalid: " + e.getMessage() + ".", e);
        }
    }

    private static String[] list(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? new String[0] : stripped.split("[,\\s]+");
    }

    private static Isolation isolation(String value) {
        for (Isolation level : Isolation.values()) {
            if (level.name().equals(value)) {
                return level;
            }
        }
        throw new IllegalArgumentException("name one of " + Arrays.toString(Isolation.values()));
    }

    private static int seconds(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("give a whole number of seconds, 0 for no deadline", e);
        }
    }

    private static boolean bool(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("give true or false");
    }

    /**
     * Runs the rest of the chain in a unit of work when the request matches, and without one when it
     * does not.
     *
     * @param request the request
     * @param response the response
     * @param chain the rest of the chain
     * @throws IOException what the chain threw, unchanged, after the rollback
     * @throws ServletException what the chain threw, unchanged, after the rollback
     * @throws org.unitofwork.UnitOfWorkException when the unit cannot start or commit
     * @throws IllegalStateException when the container did not call {@link #init(FilterConfig)} first
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Active a = active;
        if (a == null) {
            throw new IllegalStateException("UnitOfWorkFilter.doFilter called before init(FilterConfig): register the"
                    + " filter with the servlet container, which initialises it before the first request.");
        }
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse) || !a.settings().matches(httpRequest)) {
            chain.doFilter(request, response);
            return;
        }
        boolean readOnly = a.settings().readOnlyMethods.contains(httpRequest.getMethod());
        Scope scope = (readOnly ? a.readOnly() : a.readWrite()).begin();
        try {
            chain.doFilter(request, response);
            if (a.settings().rollbackOnServerError && httpResponse.getStatus() >= 500) {
                scope.session().setRollbackOnly();
            }
            scope.complete();
        } catch (Throwable failure) {
            // rolls back and re-throws failure itself; the boundaries have no retries, so it never returns
            scope.failed(failure);
            throw new AssertionError("a boundary without retries asked to run a request again", failure);
        }
    }

    /** Does nothing: the filter holds no resources, and the database stays the application's to close. */
    @Override
    public void destroy() {
    }

    /** What {@link #init} made: the settings and the two boundaries built from them, once. */
    private record Active(Settings settings, Boundary readWrite, Boundary readOnly) {
    }

    /** The filter's configuration, checked and immutable. */
    private static final class Settings {
        final String database;
        final List<PathPattern> include;
        final List<PathPattern> exclude;
        final Predicate<HttpServletRequest> when;
        final Set<String> readOnlyMethods;
        final Isolation isolation;
        final int timeoutSeconds;
        final boolean rollbackOnServerError;

        Settings(Builder b) {
            this.database = b.database;
            this.include = List.copyOf(b.include);
            this.exclude = List.copyOf(b.exclude);
            this.when = b.when;
            this.readOnlyMethods = Set.copyOf(b.readOnlyMethods);
            this.isolation = b.isolation;
            this.timeoutSeconds = b.timeoutSeconds;
            this.rollbackOnServerError = b.rollbackOnServerError;
        }

        Boundary boundary(String name, boolean readOnly) {
            return Boundary.builder(name).database(database).readOnly(readOnly).isolation(isolation)
                    .timeoutSeconds(timeoutSeconds).build();
        }

        boolean matches(HttpServletRequest request) {
            if (!include.isEmpty() || !exclude.isEmpty()) {
                // the path within the application, decoded and normalised by the container as for its own mappings
                String pathInfo = request.getPathInfo();
                String path = pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
                if (!include.isEmpty() && !anyMatches(include, path) || anyMatches(exclude, path)) {
                    return false;
                }
            }
            return when == null || when.test(request);
        }

        private static boolean anyMatches(List<PathPattern> patterns, String path) {
            for (PathPattern pattern : patterns) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Configures a {@link UnitOfWorkFilter} in code. The defaults are those of the init-params: every
     * request, the {@code default} database, read-only units for {@code GET}, {@code HEAD},
     * {@code OPTIONS} and {@code TRACE}, and rollback on a server-error status.
     */
    public static final class Builder {
        private String database = Database.DEFAULT_NAME;
        private final List<PathPattern> include = new ArrayList<>();
        private final List<PathPattern> exclude = new ArrayList<>();
        private Predicate<HttpServletRequest> when;
        private Set<String> readOnlyMethods = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
        private Isolation isolation = Isolation.DEFAULT;
        private int timeoutSeconds;
        private boolean rollbackOnServerError = true;

        private Builder() {
        }

        /**
         * Sets the database the units run on.
         *
         * @param name the name the {@link Database} is registered under; {@code "default"} when not set
         * @return this builder
         * @throws IllegalArgumentException when the name is blank
         */
        public Builder database(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("the database name must not be blank; name a registered Database,"
                        + " or leave it unset for \"" + Database.DEFAULT_NAME + "\"");
            }
            this.database = name;
            return this;
        }

        /**
         * Adds path patterns of the requests to run in a unit; when none is added, every request
         * runs in one. A pattern is an exact path ({@code /checkout}), a prefix ({@code /api/*},
         * matching {@code /api} and everything below it) or an extension ({@code *.do}), matched
         * against the request's path within the application (servlet path and path info).
         *
         * @param patterns the patterns
         * @return this builder
         * @throws IllegalArgumentException when a pattern is none of the three forms
         */
        public Builder include(String... patterns) {
            include.addAll(patterns(patterns));
            return this;
        }

        /**
         * Adds path patterns, of the same forms as {@link #include(String...)}, of requests to run
         * without a unit even when they are included: static files, health checks.
         *
         * @param patterns the patterns
         * @return this builder
         * @throws IllegalArgumentException when a pattern is none of the three forms
         */
        public Builder exclude(String... patterns) {
            exclude.addAll(patterns(patterns));
            return this;
        }

        private static List<PathPattern> patterns(String... patterns) {
            List<PathPattern> parsed = new ArrayList<>(patterns.length);
            for (String pattern : patterns) {
                parsed.add(PathPattern.of(pattern));
            }
            return parsed;
        }

        /**
         * Sets a test a request must also pass to run in a unit, after the path patterns: on a
         * header, an attribute, the method. Replaces an earlier test.
         *
         * @param test returns {@code true} for a request to run in a unit; called on the request's thread
         * @return this builder
         */
        public Builder when(Predicate<HttpServletRequest> test) {
            this.when = Objects.requireNonNull(test, "test");
            return this;
        }

        /**
         * Sets the HTTP methods whose requests run in a read-only unit, replacing the default
         * {@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE}; with no method, every request
         * runs in a read-write unit. Methods are compared in upper case.
         *
         * @param methods the methods
         * @return this builder
         * @throws IllegalArgumentException when a method is blank or contains white space
         */
        public Builder readOnlyMethods(String... methods) {
            Set<String> set = new LinkedHashSet<>();
            for (String method : methods) {
                if (method == null || !method.matches("\\S+")) {
                    throw new IllegalArgumentException("\"" + method + "\" is not an HTTP method; name methods such"
                            + " as GET or HEAD, or none to make every request read-write");
                }
                set.add(method.toUpperCase(Locale.ROOT));
            }
            this.readOnlyMethods = set;
            return this;
        }

        /**
         * Sets the isolation level of the units.
         *
         * @param isolation the level; {@link Isolation#DEFAULT}, the pool's, when not set
         * @return this builder
         */
        public Builder isolation(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        /**
         * Sets a deadline for each unit: statements get the remaining time as their query timeout,
         * and a unit past its deadline when the chain returns rolls back and throws.
         *
         * @param timeoutSeconds the deadline in seconds, 0 for none
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder timeoutSeconds(int timeoutSeconds) {
            if (timeoutSeconds < 0) {
                throw new IllegalArgumentException("timeoutSeconds must be 0 (no deadline) or positive, not "
                        + timeoutSeconds);
            }
            this.timeoutSeconds = timeoutSeconds;
            return this;
        }

        /**
         * Sets whether a chain that returns normally with a response status of 500 or above (a
         * servlet that caught its exception and called {@code sendError(500)}, say) rolls the unit
         * back instead of committing it.
         *
         * @param rollback {@code true}, the default, to roll back on a server error
         * @return this builder
         */
        public Builder rollbackOnServerError(boolean rollback) {
            this.rollbackOnServerError = rollback;
            return this;
        }

        /**
         * Builds the filter; it builds its boundaries when the container initialises it.
         *
         * @return the filter, to register with the container
         */
        public UnitOfWorkFilter build() {
            return new UnitOfWorkFilter(settings());
        }

        Settings settings() {
            return new Settings(this);
        }
    }
}
