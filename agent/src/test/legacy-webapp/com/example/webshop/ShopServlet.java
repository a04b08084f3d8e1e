package com.example.webshop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * POST /order?id=N[&amp;outOfStock=true] places an order, GET /counts says what is stored, GET /probe
 * asks {@link RegistryProbe}. Its pool is the
 * container's JNDI resource java:comp/env/jdbc/shop when the context parameter pool is jndi, else its own.
 */
public class ShopServlet extends HttpServlet {
    private HikariDataSource ownPool;
    private OrderDao dao;

    @Override
    public void init() throws ServletException {
        DataSource dataSource;
        if ("jndi".equals(getServletContext().getInitParameter("pool"))) {
            try {
                dataSource = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/shop");
            } catch (NamingException e) {
                throw new ServletException(e);
            }
        } else {
            HikariConfig config = new HikariConfig();
            // named, as webapps must: DriverManager finds drivers of WEB-INF/lib only once per JVM, not on redeploy
            config.setDriverClassName("org.h2.Driver");
            config.setJdbcUrl("jdbc:h2:mem:webapp_shop;DB_CLOSE_DELAY=-1");
            config.setUsername("sa");
            config.setMaximumPoolSize(2);
            ownPool = new HikariDataSource(config);
            dataSource = ownPool;
        }
        dao = new OrderDao(dataSource);
        try {
            dao.createTables();
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            new OrderService(dao).placeOrder(Integer.parseInt(request.getParameter("id")),
                    Boolean.parseBoolean(request.getParameter("outOfStock")));
            response.getWriter().print("placed");
        } catch (SQLException | RuntimeException e) {
            response.setStatus(500);
            response.getWriter().print("failed: " + e.getMessage());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            response.getWriter().print(request.getServletPath().equals("/probe") ? new RegistryProbe().probe()
                    : dao.counts());
        } catch (SQLException | RuntimeException e) {
            response.setStatus(500);
            response.getWriter().print("failed: " + e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
