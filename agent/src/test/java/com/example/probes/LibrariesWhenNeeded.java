package com.example.probes;

import org.unitofwork.Database;

/**
 * Says whether HikariCP and SLF4J are visible to the application before and after its first unit, on a
 * class path that has the runtime but neither of them.
 */
public final class LibrariesWhenNeeded {
    private LibrariesWhenNeeded() {
    }

    /**
     * @param args none
     * @throws Exception when the unit fails
     */
    public static void main(String[] args) throws Exception {
        System.out.println("before the first unit: " + visible());
        try (Database db = Database.builder("jdbc:h2:mem:libraries").build()) {
            db.run(session -> session.connection().createStatement().execute("select 1"));
        }
        System.out.println("after the first unit: " + visible());
    }

    private static String visible() {
        StringBuilder seen = new StringBuilder();
        for (String name : new String[] {"com.zaxxer.hikari.HikariConfig", "org.slf4j.LoggerFactory"}) {
            try {
                Class.forName(name, false, LibrariesWhenNeeded.class.getClassLoader());
                seen.append(name).append(" visible; ");
            } catch (ClassNotFoundException e) {
                seen.append(name).append(" missing; ");
            }
        }
        return seen.toString();
    }
}
