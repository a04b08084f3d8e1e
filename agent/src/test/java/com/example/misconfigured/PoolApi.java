package com.example.misconfigured;

import javax.sql.DataSource;

/** An application's interface for its pool: a datasource line cannot name it. */
public interface PoolApi extends DataSource {
}
