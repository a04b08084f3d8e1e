package com.example;

import java.util.function.Function;
import org.unitofwork.UnitOfWork;

public class NameStore implements Store<String> {

    @UnitOfWork
    @Override
    public void save(String item) {
    }

    @Override
    public String load(long id) {
        return "";
    }

    @Override
    public <R> R inspect(Function<? super String, R> inspector) {
        return inspector.apply("");
    }
}
