package org.unitofwork.conventions.cases;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.unitofwork.Database;
import org.unitofwork.Session;
import org.unitofwork.spi.SessionKind;

/**
 * The database the cases' methods name, {@value #NAME}, open while a test class that extends with it
 * runs: an in-memory H2 database whose session kind supplies a {@link Ledger}.
 */
public final class CaseDatabase implements BeforeAllCallback, AfterAllCallback {
    /** The name the cases' annotations give. */
    public static final String NAME = "conventions";

    private Database db;

    /** Made by JUnit for the test class that names it in {@code @ExtendWith}. */
    public CaseDatabase() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = Database.builder("jdbc:h2:mem:conventions_cases;DB_CLOSE_DELAY=-1").name(NAME)
                .user("sa").password("").poolSize(2).build();
        db.register(new SessionKind<Ledger>() {
            @Override
            public Class<Ledger> type() {
                return Ledger.class;
            }

            @Override
            public Ledger open(Session session) {
                return new Ledger() {
                };
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        db.close();
    }
}
