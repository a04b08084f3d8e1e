package com.example.app;

import com.example.legacy.LegacyApp;
import com.example.legacy.LegacyDataSource;
import com.example.legacy.OrderDao;
import com.example.legacy.OrderService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The legacy program, started without the agent: its classes load, it says {@code ready}, and it
 * runs {@link LegacyApp} once a line arrives on standard input, by which time the agent has attached.
 */
public final class WaitingApp {
    private WaitingApp() {
    }

    public static void main(String[] args) throws Exception {
        // loaded before the agent attaches: attaching must retransform them
        System.out.println("loaded " + OrderService.class.getName() + ", " + OrderDao.class.getName() + ", "
                + LegacyDataSource.class.getName());
        System.out.println("ready");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        LegacyApp.main(args);
    }
}
