package com.example.legacy;

import java.sql.SQLException;
import java.util.List;

/** A multi-statement operation that fails half-way, as legacy code does. */
public class OrderService {
    private final OrderDao dao;

    public OrderService(OrderDao dao) {
        this.dao = dao;
    }

    public void placeOrder(int firstLine, int secondLine, boolean failHalfWay) throws SQLException {
        dao.saveLine(firstLine, "book");
        if (failHalfWay) {
            throw new IllegalStateException("payment declined after line " + firstLine);
        }
        dao.saveLine(secondLine, "pen");
    }

    public void placeAll(List<Integer> lines) {
        lines.forEach(line -> {
            try {
                dao.saveLine(line, "item");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
