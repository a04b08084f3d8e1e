package org.unitofwork.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.unitofwork.examples.ReadmeBlocks;

/** The web example started as the README starts it: from its arguments, printing its routes. */
class BankServerLaunchTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * The README's command passes the JDBC URL and the user, with no port: the server starts on 8080
     * and prints what the README shows. Here with a free port, which the printout then names.
     */
    @Test
    void startsFromTheReadmesArgumentsAndPrintsWhatTheReadmeShows() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String url = "jdbc:h2:mem:web_launch_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (BankServer launched = BankServer.launch(new String[] {url, "sa", "", "0"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String output = printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
            assertEquals(ReadmeBlocks.output("BankServer"), output.replace(":" + launched.port() + "/", ":8080/"));
            HttpResponse<String> routes = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + launched.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, routes.statusCode());
        }
        IllegalArgumentException wrongOrder = assertThrows(IllegalArgumentException.class,
                () -> BankServer.launch(new String[] {url, "sa", "", "jdbc:h2:mem:x"}, System.out));
        assertTrue(wrongOrder.getMessage().contains("fourth argument"), wrongOrder.getMessage());
    }
}
