package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The agent options: what they accept and what they say. */
class AgentOptionsTest {

    @Test
    void agentOptions() {
        AgentOptions options = AgentOptions.parse("config=/etc/uow.conf,report=/tmp/r.txt");
        assertEquals(Path.of("/etc/uow.conf"), options.configFile());
        assertTrue(options.report());
        assertEquals(Path.of("/tmp/r.txt"), options.reportFile());
        assertFalse(options.dryRun());
        AgentOptions dryRun = AgentOptions.parse("dry-run");
        assertTrue(dryRun.dryRun());
        assertTrue(dryRun.report(), "a dry run reports");
        assertNull(AgentOptions.parse(null).configFile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("confg=x"));
        assertEquals("Unknown agent option 'confg=x'; the options are " + AgentOptions.SYNTAX, e.getMessage());
    }
}
