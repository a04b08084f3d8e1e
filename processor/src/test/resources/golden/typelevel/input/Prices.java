package com.example;

import org.unitofwork.UnitOfWork;

@UnitOfWork(readOnly = true)
public interface Prices {

    long price(String item);

    default long total(String... items) {
        long total = 0;
        for (String item : items) {
            total += price(item);
        }
        return total;
    }

    static Prices free() {
        return item -> 0;
    }
}
