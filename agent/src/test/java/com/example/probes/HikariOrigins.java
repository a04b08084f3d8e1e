package com.example.probes;

/** Prints where the JVM took two HikariCP types from. */
public final class HikariOrigins {
    private HikariOrigins() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        for (String name : new String[] {"com.zaxxer.hikari.HikariDataSource", "com.zaxxer.hikari.HikariConfigMXBean"}) {
            try {
                Class<?> type = Class.forName(name);
                System.out.println("origin " + name + " " + type.getProtectionDomain().getCodeSource().getLocation());
            } catch (ClassNotFoundException | LinkageError e) {
                System.out.println("origin " + name + " none (" + e + ")");
            }
        }
    }
}
