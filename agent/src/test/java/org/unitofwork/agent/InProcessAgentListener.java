package org.unitofwork.agent;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the {@link InProcessAgent} when the test run starts, before JUnit loads any test class:
 * its reflection over a test class loads the classes its methods and lambdas name, and those must
 * be woven as they load. Only where the build asks for it ({@value #SWITCH}): the forked-JVM tests
 * need no agent in their own JVM.
 */
public final class InProcessAgentListener implements LauncherSessionListener {
    static final String SWITCH = "unitofwork.agent.inProcess";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean(SWITCH)) {
            InProcessAgent.install();
        }
    }
}
