package com.example;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

public class Outer {

    public static class Inner {
        @UnitOfWork
        public void touch(Session session) {
        }
    }
}
