package org.unitofwork.opentelemetry;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Locale;
import org.unitofwork.Database;

/**
 * What OpenTelemetry's database conventions call a database: {@code db.system.name}, the product, and
 * {@code db.namespace}, the database's name on its server — both read from the pool's JDBC URL once,
 * when tracing starts.
 */
record DatabaseIdentity(String system, String namespace) {

    /** The identity of {@code database}; {@code other_sql} and no namespace when its URL cannot be read. */
    static DatabaseIdentity of(Database database) {
        String url;
        try {
            url = database.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
        } catch (SQLException | RuntimeException | LinkageError e) {
            url = null; // an adopted pool of another kind, or a HikariCP data source configured otherwise
        }
        return url == null ? new DatabaseIdentity("other_sql", null) : fromUrl(url);
    }

    static DatabaseIdentity fromUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            // jdbc:h2:mem:shop;… or jdbc:h2:file:/data/shop;…: the last path element before the settings
            String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
            String name = path.substring(Math.max(path.lastIndexOf(':'), Math.max(path.lastIndexOf('/'),
                    path.lastIndexOf('\\'))) + 1);
            return new DatabaseIdentity("h2database", name.isEmpty() ? null : name);
        }
        String system = lower.startsWith("jdbc:postgresql:") ? "postgresql"
                : lower.startsWith("jdbc:mariadb:") ? "mariadb"
                : lower.startsWith("jdbc:mysql:") ? "mysql" : "other_sql";
        // jdbc:postgresql://host:5432/shop?… : the path after the authority, without parameters
        int authority = url.indexOf("//");
        int slash = authority < 0 ? -1 : url.indexOf('/', authority + 2);
        if (slash < 0) {
            return new DatabaseIdentity(system, null);
        }
        String name = url.substring(slash + 1).split("[?;]", 2)[0];
        return new DatabaseIdentity(system, name.isEmpty() ? null : name);
    }
}
