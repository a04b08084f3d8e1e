package com.example.webshop;

import java.sql.SQLException;

/** Places an order: the order, its first line, then (unless it is out of stock) its second line. */
public class OrderService {
    private final OrderDao dao;

    public OrderService(OrderDao dao) {
        this.dao = dao;
    }

    public void placeOrder(int id, boolean outOfStock) throws SQLException {
        dao.saveOrder(id);
        dao.saveLine(id, "book");
        if (outOfStock) {
            throw new IllegalStateException("out of stock after line 1 of order " + id);
        }
        dao.saveLine(id, "pen");
    }
}
