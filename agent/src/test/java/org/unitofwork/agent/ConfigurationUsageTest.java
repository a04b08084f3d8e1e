package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.config.Configuration;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ConfigurationUsage;

/**
 * What the configuration did not do, said at exit: a unit line that wove nothing, a data source
 * class that never loaded, and an abstract method none of whose implementations was woven, but not
 * one whose implementations were.
 */
class ConfigurationUsageTest {
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private final ByteArrayOutputStream report = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(warnings, true, StandardCharsets.UTF_8),
            new PrintStream(report, true, StandardCharsets.UTF_8));

    @Test
    void linesThatWoveNothingAndAbstractMethodsWithoutWovenImplementationsAreSaidAtExit() throws Exception {
        Configuration configuration = Configuration.parse("agent.conf", List.of(
                "unit com.example.contracts.* save*",
                "unit com.example.contracts.ListRepository delete*",
                "unit com.example.contracs.* count",
                "datasource shop com.example.nowhere.Pool"));
        ConfigurationUsage usage = new ConfigurationUsage(configuration, false);
        Weaver weaver = new Weaver(log, false, usage);
        ClassFilter filter = new ClassFilter(configuration);
        for (String name : List.of("com/example/contracts/Repository", "com/example/contracts/ListRepository",
                "com/example/contracts/Archive")) {
            byte[] classFile = classFile(name);
            weaver.weave(getClass().getClassLoader(), getClass().getProtectionDomain(), classFile,
                    filter.candidate(name, classFile));
        }
        usage.reportAtExit(log);

        String said = warnings.toString(StandardCharsets.UTF_8);
        assertFalse(said.contains("agent.conf:1"), "line 1 wove ListRepository.save: " + said);
        assertTrue(said.contains("WARNING: agent.conf:2 (unit com.example.contracts.ListRepository delete*) wove nothing:"
                + " it matched class com.example.contracts.ListRepository, which declares no method it could weave"
                + " matching delete*"), said);
        assertTrue(said.contains("WARNING: agent.conf:3 (unit com.example.contracs.* count) wove nothing: no class"
                + " loaded in this run matches com.example.contracs.*."), said);
        assertTrue(said.contains("WARNING: agent.conf:4 (datasource shop com.example.nowhere.Pool) adopted nothing: no"
                + " class of that name was loaded in this run."), said);

        String reported = report.toString(StandardCharsets.UTF_8);
        assertTrue(reported.contains("woven com.example.contracts.ListRepository.save(String)"), reported);
        assertFalse(reported.contains("skipped com.example.contracts.Repository.save"),
                "its implementation was woven: " + reported);
        assertTrue(reported.contains("skipped com.example.contracts.Archive.saveAll(): it is abstract, and no class that"
                + " implements it was woven in this run; make agent.conf:1 match the classes that implement it"),
                reported);
    }

    private byte[] classFile(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
            return in.readAllBytes();
        }
    }
}
