package com.legacy.shop;

import java.sql.SQLException;

/** Placing an order: one order row, a line and a stock movement per item. */
public class OrderService {
    private final OrderDao dao;

    public OrderService(OrderDao dao) {
        this.dao = dao;
    }

    public void placeOrder(int id, String customer, String... items) throws SQLException {
        dao.saveOrder(id, customer);
        for (String item : items) {
            dao.saveLine(id, item);
            dao.takeFromStock(item); // fails for an item out of stock, after the earlier statements committed
        }
    }
}
