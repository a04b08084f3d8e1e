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

    /** The DAO changes its mind about the middle line, rolls it back, and the operation carries on. */
    public void placeWithCorrection(int first, int corrected, int last) throws SQLException {
        dao.saveLine(first, "book");
        dao.saveThenRollBack(corrected);
        dao.saveLine(last, "pen");
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
