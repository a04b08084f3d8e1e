package org.unitofwork.examples.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.unitofwork.Session;

/**
 * The bank's HTTP API, as JSON, for every path. It runs inside the request's unit, which
 * {@link org.unitofwork.servlet.UnitOfWorkFilter} opened before it and commits after it: it never opens
 * or ends a unit itself, and {@link Bank} reaches the unit through {@link Session#current()}.
 */
final class BankServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** What the server offers; {@code GET /} answers with this list. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/", null, "200 this list of routes"),
            new Route("POST", "/accounts", "{\"owner\": \"ann\", \"balance\": 100}", "201 {\"id\": 1}"),
            new Route("GET", "/accounts/{id}", null, "200 {\"id\": 1, \"owner\": \"ann\", \"balance\": 100}, 404 when none"),
            new Route("POST", "/transfers", "{\"from\": 1, \"to\": 2, \"amount\": 30}",
                    "201 {\"id\": 1}, 409 when it would overdraw"),
            new Route("GET", "/transfers", null, "200 [{\"id\": 1, \"from\": 1, \"to\": 2, \"amount\": 30}]"),
            new Route("GET", "/events", null, "200 [{\"event\": \"transfer 1 committed: 30 from 1 to 2\"}]"));

    /** The body of {@code POST /accounts}; a member left out is {@code null}. */
    record NewAccount(String owner, Long balance) {
    }

    /** The body of {@code POST /transfers}; a member left out is {@code null}. */
    record NewTransfer(Long from, Long to, Long amount) {
    }

    private final transient ObjectMapper json = new ObjectMapper();
    private final transient Bank bank;
    private final transient TransferEvents events;

    BankServlet(Bank bank, TransferEvents events) {
        this.bank = bank;
        this.events = events;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status;
        Object body;
        try {
            status = "POST".equals(request.getMethod()) ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_OK;
            body = route(request);
        } catch (BadRequestException | JacksonException e) {
            status = refuse(HttpServletResponse.SC_BAD_REQUEST);
            body = error(e);
        } catch (NotFoundException e) {
            status = refuse(HttpServletResponse.SC_NOT_FOUND);
            body = error(e);
        } catch (InsufficientFundsException e) {
            status = refuse(HttpServletResponse.SC_CONFLICT);
            body = error(e);
        } catch (SQLException e) {
            // a 5xx status makes the filter roll the unit back
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            body = error(e);
        }
        response.setStatus(status);
        response.setContentType("application/json");
        // Written into the response buffer, neither flushed nor closed, and without a Content-Length
        // (Jetty sends a response as soon as that many bytes are written): the client gets nothing
        // until the filter has committed the unit, so a 2xx it sees is committed work.
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    private Object route(HttpServletRequest request) throws IOException, SQLException, InsufficientFundsException {
        String method = request.getMethod();
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if ("GET".equals(method) && "/".equals(path)) {
            return ROUTES;
        }
        if ("POST".equals(method) && "/accounts".equals(path)) {
            NewAccount account = json.readValue(request.getInputStream(), NewAccount.class);
            return Map.of("id", bank.open(required("owner", account.owner()), required("balance", account.balance())));
        }
        if ("GET".equals(method) && path.startsWith("/accounts/")) {
            return bank.account(id(path.substring("/accounts/".length())));
        }
        if ("POST".equals(method) && "/transfers".equals(path)) {
            NewTransfer transfer = json.readValue(request.getInputStream(), NewTransfer.class);
            long from = required("from", transfer.from());
            long to = required("to", transfer.to());
            long amount = required("amount", transfer.amount());
            long id = bank.transfer(from, to, amount);
            events.transferred(id, from, to, amount);
            return Map.of("id", id);
        }
        if ("GET".equals(method) && "/transfers".equals(path)) {
            return bank.ledger();
        }
        if ("GET".equals(method) && "/events".equals(path)) {
            return events.delivered();
        }
        throw new NotFoundException("no route for " + method + " " + path + "; GET / lists the routes");
    }

    /**
     * A refused request leaves nothing behind: the filter commits a 4xx answer, so the unit is
     * marked to roll back what the request wrote before it was refused.
     */
    private static int refuse(int status) {
        Session.current().setRollbackOnly();
        return status;
    }

    private static Map<String, String> error(Exception e) {
        return Map.of("error", String.valueOf(e.getMessage()));
    }

    private static <T> T required(String member, T value) {
        if (value == null) {
            throw new BadRequestException("member \"" + member + "\" is missing");
        }
        return value;
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no account " + text);
        }
    }
}
