package com.example;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

public class Repository<E extends Comparable<E>> {

    @UnitOfWork
    public E find(Session session, long id) {
        return null;
    }

    @UnitOfWork
    public <K extends Comparable<? super K>> Map<K, List<E>> index(Session session, Function<? super E, K> key) {
        return Map.of();
    }

    @SafeVarargs
    @UnitOfWork
    public final void saveAll(Session session, E... entities) {
    }

    @UnitOfWork
    public static <T> List<T> none(String... reasons) {
        return List.of();
    }
}
