package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.probes.LibrariesWhenNeeded;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;

/**
 * HikariCP and SLF4J, which the agent carries for applications that lack them, join the class path
 * when the runtime first needs them, not while the application starts: until then the application
 * sees the class path it was given.
 */
class SuppliedLibrariesIT {
    @Test
    void theAgentsHikariCpAndSlf4jJoinTheClassPathWhenTheFirstUnitNeedsThem() throws Exception {
        String classPath = ForkedJvm.classPath(LibrariesWhenNeeded.class, Database.class, org.h2.Driver.class);
        ForkedJvm.Result run = ForkedJvm.run(ForkedJvm.command("-javaagent:" + ForkedJvm.agentJar() + "=report",
                "-cp", classPath, LibrariesWhenNeeded.class.getName()));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.says("before the first unit: com.zaxxer.hikari.HikariConfig missing; org.slf4j.LoggerFactory"
                + " missing;"), run.output());
        assertTrue(run.says("after the first unit: com.zaxxer.hikari.HikariConfig visible; org.slf4j.LoggerFactory"
                + " visible;"), run.output());
        assertTrue(run.says("runtime: HikariCP.jar supplied by the agent (the application has none; first used for"
                + " com.zaxxer.hikari."), run.output());
        assertTrue(run.says("runtime: slf4j-api.jar supplied by the agent (the application has none; first used for"
                + " org.slf4j."), run.output());
    }
}
