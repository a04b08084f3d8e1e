package com.example.drivermanager;

/**
 * A legacy program on {@code DriverManager}: a transfer that fails half-way, then a batch that
 * meets a duplicate it skips. Prints what each left in the ledger. Arguments: URL, user, password,
 * table.
 */
public final class LedgerApp {
    private LedgerApp() {
    }

    public static void main(String[] args) throws Exception {
        LedgerDao dao = new LedgerDao(args[0], args[1], args[2], args[3]);
        dao.createTable();
        try {
            LedgerService service = new LedgerService(dao);
            try {
                service.transfer(1, 2, true);
            } catch (IllegalStateException e) {
                System.out.println("failed: " + e.getMessage());
            }
            System.out.println("entries left behind: " + dao.count());
            System.out.println("posted: " + service.postAll(10, 11, 10, 12));
            System.out.println("entries: " + dao.count());
        } finally {
            dao.dropTable();
        }
    }
}
