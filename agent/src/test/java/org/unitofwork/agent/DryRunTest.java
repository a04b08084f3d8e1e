package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.config.Configuration;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;
import org.unitofwork.agent.report.ConfigurationUsage;

/** Report mode without weaving: every method that would be woven, with its attributes, and no change. */
class DryRunTest {

    @Test
    void aDryRunReportsAndChangesNothing() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Weaver weaver = new Weaver(new AgentLog(System.err, new PrintStream(report, true, StandardCharsets.UTF_8)), true,
                new ConfigurationUsage(Configuration.NONE, true));
        String name = "com/example/annotated/Accounts";
        byte[] classFile;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
            classFile = in.readAllBytes();
        }
        ClassFilter.Candidate candidate = new ClassFilter(Configuration.NONE).candidate(name, classFile);
        assertNull(weaver.weave(getClass().getClassLoader(), getClass().getProtectionDomain(), classFile, candidate));
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("would weave com.example.annotated.Accounts.openWithConnection(Connection,int) as"
                + " Accounts.openWithConnection(Connection,int) [database=default, propagation=REQUIRED] (@UnitOfWork)"),
                text);
        assertTrue(text.contains("would weave com.example.annotated.Accounts.readOnlyUnit(Session) as"
                + " Accounts.readOnlyUnit(Session) [database=default, propagation=REQUIRED, readOnly] (@UnitOfWork), in "
                + ClassLoaderNames.describe(getClass().getClassLoader()) + "\n"), "names the class's loader: " + text);
    }
}
