package com.legacy.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged shop, as the README runs it: plain, the failed order leaves half its work behind;
 * with the agent and {@code unitofwork-agent.conf}, nothing.
 */
class LegacyShopIT {

    @Test
    void plainTheFailedOrderLeavesHalfItsWorkBehind() throws Exception {
        String output = run(List.of());
        assertTrue(output.contains("order 1 failed: "), output);
        assertTrue(output.contains("orders: 1, order lines: 2, books in stock: 4"), output);
        assertEquals(readmeOutput("legacy-shop"), printed, "the plain run must print what the README shows");
    }

    @Test
    void withTheAgentTheFailedOrderLeavesNothing() throws Exception {
        String agent = "-javaagent:" + System.getProperty("unitofwork.agent.jar") + "=config="
                + System.getProperty("legacy.shop.config") + ",report";
        String output = run(List.of(agent));
        assertTrue(output.contains("order 1 failed: "), output);
        assertTrue(output.contains("orders: 0, order lines: 0, books in stock: 5"), output);
        assertTrue(output.contains("woven com.legacy.shop.OrderService.placeOrder(int,String,String...) as"
                + " OrderService.placeOrder(int,String,String...) [database=shop, propagation=REQUIRED]"), output);
        assertEquals(readmeOutput("legacy-shop-agent"), printed, "the run with the agent must print what the README shows");
    }

    /** The block of the README marked {@code output:name}: what the shop prints on standard output. */
    private static String readmeOutput(String name) throws IOException {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        Matcher m = Pattern.compile("<!-- readme:output:" + name + " -->\\n```\\n(.*?)```\\n<!-- /readme:output:" + name
                + " -->", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no block marked <!-- readme:output:" + name + " -->");
        return m.group(1);
    }

    /** What the last run printed on standard output, without the agent's report or the log. */
    private String printed;

    /** Runs the shop; returns its standard output and error together, and keeps the output in {@link #printed}. */
    private String run(List<String> agent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(agent);
        command.add("-jar");
        command.add(System.getProperty("legacy.shop.jar"));
        Path out = Files.createTempFile("legacy-shop", ".out");
        Path err = Files.createTempFile("legacy-shop", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the shop did not end within 60 s");
            printed = Files.readString(out, StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
            String output = printed + Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            return output;
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
