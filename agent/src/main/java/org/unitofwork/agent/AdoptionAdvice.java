package org.unitofwork.agent;

import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the constructors of a configured data source class: the new instance is
 * adopted under its database name at once, so that units naming the database can begin before the
 * application first asks it for a connection.
 */
final class AdoptionAdvice {
    private AdoptionAdvice() {
    }

    @Advice.OnMethodExit
    static void adopt(@Advice.This Object dataSource, @AdoptedName String database) {
        AdoptedDataSources.adopt(dataSource, database);
    }
}
