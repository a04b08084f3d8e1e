package com.example.webshop;

import org.unitofwork.Session;

/**
 * Code of the webapp that uses the unitofwork runtime it bundles in WEB-INF/lib: called inside a unit
 * on database shop, it says whether it sees that unit, and where its runtime's classes come from.
 */
public class RegistryProbe {
    public String probe() {
        Session session = Session.current("shop");
        ClassLoader runtime = Session.class.getClassLoader();
        return "the webapp's code sees the unit on database '" + session.database().name() + "'; its runtime comes from "
                + (runtime == ClassLoader.getSystemClassLoader() ? "the system class loader"
                        : runtime == getClass().getClassLoader() ? "the webapp's class loader" : String.valueOf(runtime));
    }
}
