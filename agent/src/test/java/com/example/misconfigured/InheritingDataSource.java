package com.example.misconfigured;

import com.example.legacy.LegacyDataSource;

/** Inherits getConnection(): a datasource line must name the class that declares it. */
public class InheritingDataSource extends LegacyDataSource {
    public InheritingDataSource(String url) {
        super(url);
    }
}
