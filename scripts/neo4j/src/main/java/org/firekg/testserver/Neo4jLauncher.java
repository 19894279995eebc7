package org.firekg.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts a real, in-process Neo4j (Community, from neo4j-harness) for FireKG's live tests.
 *
 * <p>Bolt listens on 127.0.0.1:PORT with authentication ON; the user {@code neo4j} gets the
 * password from the environment variable {@code FIREKG_NEO4J_PASSWORD} (kept off the command
 * line so it does not show in {@code ps}). HTTP is off. The process writes its own PID to the
 * PID file, prints one line starting with {@value #READY} once Bolt accepts logins, and runs
 * until it receives SIGTERM, which closes the database cleanly.
 *
 * <p>Usage: {@code java -jar firekg-neo4j-launcher.jar --port PORT --home DIR --pid-file FILE}
 */
public final class Neo4jLauncher {
    static final String READY = "FIREKG-NEO4J-READY";
    static final String PASSWORD_ENV = "FIREKG_NEO4J_PASSWORD";
    static final int MIN_PASSWORD_LENGTH = 8;

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseOptions(args);
        int port = Integer.parseInt(require(options, "--port"));
        Path home = Path.of(require(options, "--home")).toAbsolutePath();
        Path pidFile = Path.of(require(options, "--pid-file")).toAbsolutePath();
        String password = readPassword();

        writePidFile(pidFile);
        Files.createDirectories(home);
        long started = System.nanoTime();
        Neo4j neo4j = start(home, port);
        setPassword(neo4j, password);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(neo4j, pidFile, stopped)));

        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%s %s pid=%d startup_ms=%d%n",
                READY, neo4j.boltURI(), ProcessHandle.current().pid(), millis);
        System.out.flush();
        stopped.await();
    }

    static Neo4j start(Path home, int port) {
        // withWorkingDir() must come first: it resets auth_enabled to false.
        return Neo4jBuilders.newInProcessBuilder()
                .withWorkingDir(home)
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's Netty loops otherwise wait 5 s each for quiet before a SIGTERM completes.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .build();
    }

    /** Gives the built-in user its password, so it can log in without a forced change. */
    static void setPassword(Neo4j neo4j, String password) {
        neo4j.databaseManagementService()
                .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
    }

    static void shutdown(Neo4j neo4j, Path pidFile, CountDownLatch stopped) {
        System.out.println("FIREKG-NEO4J-STOPPING");
        try {
            neo4j.close();
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        } finally {
            stopped.countDown();
        }
    }

    static String readPassword() {
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            fail("Set " + PASSWORD_ENV + " to the password for user neo4j (at least "
                    + MIN_PASSWORD_LENGTH + " characters; Neo4j 5 refuses shorter ones).");
        }
        return password;
    }

    static void writePidFile(Path pidFile) throws IOException {
        Files.createDirectories(pidFile.getParent());
        String pid = Long.toString(ProcessHandle.current().pid());
        Files.writeString(pidFile, pid + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    static Map<String, String> parseOptions(String[] args) {
        if (args.length % 2 != 0) {
            fail("Options come in pairs: --port PORT --home DIR --pid-file FILE");
        }
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            fail("Missing option " + name + ". Usage: --port PORT --home DIR --pid-file FILE");
        }
        return value;
    }

    static void fail(String message) {
        System.err.println("firekg-neo4j-launcher: " + message);
        System.exit(2);
    }
}
