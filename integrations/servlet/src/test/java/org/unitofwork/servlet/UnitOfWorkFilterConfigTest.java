package org.unitofwork.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Bad configuration fails early and says what to fix: {@code init} names the filter, the
 * init-param and its value; the builder names the bad value. The last test does it in a real
 * container, which refuses to start.
 */
class UnitOfWorkFilterConfigTest {

    /** The init-params of a filter named "orders", as a container hands them over. */
    private static FilterConfig config(Map<String, String> initParams) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "orders";
            }

            @Override
            public ServletContext getServletContext() {
                throw new UnsupportedOperationException("the filter needs no servlet context");
            }

            @Override
            public String getInitParameter(String name) {
                return initParams.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(initParams.keySet());
            }
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "database        | ' '          | the database name must not be blank",
        "include         | api/*        | \"api/*\" is not a path pattern; write an exact path (/health), a prefix (/api/*) or an extension (*.json)",
        "exclude         | /a/*/b       | \"/a/*/b\" is not a path pattern",
        "include         | /            | \"/\" is ambiguous as a path pattern: write /* for every path",
        "isolation       | SOMETIMES    | name one of [DEFAULT, READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE]",
        "timeoutSeconds  | ten          | give a whole number of seconds, 0 for no deadline",
        "timeoutSeconds  | -1           | timeoutSeconds must be 0 (no deadline) or positive, not -1",
        "rollbackOnServerError | yes    | give true or false",
    })
    void anInvalidInitParamFailsInitNamingTheFilterTheParameterAndTheValue(String name, String value, String why) {
        UnitOfWorkFilter filter = new UnitOfWorkFilter();

        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(Map.of(name, value))));

        String message = e.getMessage();
        assertTrue(message.startsWith("Filter 'orders': init-param " + name + " = \"" + value + "\" is invalid: " + why),
                message);
    }

    @Test
    void anUnknownInitParamFailsInitInsteadOfBeingIgnored() {
        UnitOfWorkFilter filter = new UnitOfWorkFilter();

        ServletException e = assertThrows(ServletException.class,
                () -> filter.init(config(Map.of("readonlyMethods", "GET"))));

        assertEquals("Filter 'orders' has an unknown init-param 'readonlyMethods': UnitOfWorkFilter reads database,"
                + " include, exclude, readOnlyMethods, isolation, timeoutSeconds, rollbackOnServerError.", e.getMessage());
    }

    @Test
    void aFilterFromTheBuilderRefusesInitParamsItWouldIgnore() {
        UnitOfWorkFilter filter = UnitOfWorkFilter.builder().timeoutSeconds(5).build();

        ServletException e = assertThrows(ServletException.class,
                () -> filter.init(config(Map.of("timeoutSeconds", "10"))));

        assertEquals("Filter 'orders' was configured by UnitOfWorkFilter.builder(), which ignores init-params, yet has"
                + " init-params [timeoutSeconds]: set them on the builder instead.", e.getMessage());
    }

    @Test
    void theBuilderRefusesBadValuesWhenTheyAreGiven() {
        UnitOfWorkFilter.Builder builder = UnitOfWorkFilter.builder();

        assertEquals("\"api\" is not a path pattern; write an exact path (/health), a prefix (/api/*) or an extension"
                + " (*.json)", assertThrows(IllegalArgumentException.class, () -> builder.include("api")).getMessage());
        assertEquals("\"/static/*.js\" is not a path pattern; write an exact path (/health), a prefix (/api/*) or an"
                + " extension (*.json)",
                assertThrows(IllegalArgumentException.class, () -> builder.exclude("/static/*.js")).getMessage());
        assertEquals("\"GET POST\" is not an HTTP method; name methods such as GET or HEAD, or none to make every"
                + " request read-write",
                assertThrows(IllegalArgumentException.class, () -> builder.readOnlyMethods("GET POST")).getMessage());
        assertEquals("timeoutSeconds must be 0 (no deadline) or positive, not -5",
                assertThrows(IllegalArgumentException.class, () -> builder.timeoutSeconds(-5)).getMessage());
    }

    @Test
    void aContainerRefusesToStartAFilterWithABadInitParam() throws Exception {
        try (Database db = TestDatabase.H2.build(TestDatabase.uniqueName("web"), TestDatabase.H2.newUrl(), 1);
                WebApp app = new WebApp(db)) {
            app.filterWithInitParams(Map.of(UnitOfWorkFilter.TIMEOUT_SECONDS, "ten"))
                    .servlet("/*", (request, response) -> response.getWriter().print("served"));

            Exception e = assertThrows(Exception.class, app::start);

            String expected = "Filter 'unitofwork': init-param timeoutSeconds = \"ten\" is invalid: give a whole number"
                    + " of seconds, 0 for no deadline.";
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ServletException && expected.equals(t.getMessage())) {
                    return;
                }
            }
            throw new AssertionError("the container's start failure does not carry the filter's message", e);
        }
    }
}
