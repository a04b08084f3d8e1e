package com.example.shop;

import java.sql.SQLException;

public class Shop {

    public static long openAccount(String owner) throws SQLException {
        ManagedAccountService accounts = new ManagedAccountService(new AccountService());
        return accounts.open(owner);
    }
}
