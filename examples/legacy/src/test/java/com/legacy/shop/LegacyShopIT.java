package com.legacy.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    }

    private static String run(List<String> agent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(agent);
        command.add("-jar");
        command.add(System.getProperty("legacy.shop.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the shop did not end within 60 s");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
