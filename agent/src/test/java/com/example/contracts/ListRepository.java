package com.example.contracts;

import java.util.ArrayList;
import java.util.List;

/** Implements {@link Repository}, narrowing its type parameter: a bridge method stands between. */
public class ListRepository implements Repository<String> {
    private final List<String> items = new ArrayList<>();

    @Override
    public void save(String item) {
        items.add(item);
    }

    @Override
    public int count() {
        return items.size();
    }
}
