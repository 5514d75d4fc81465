package hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny hello-world web server that needs nothing but the JDK.
 *
 * <pre>
 * java -jar hello.jar [--port N] [--greeting TEXT]
 * </pre>
 *
 * The port also comes from the environment variable PORT (default 8080);
 * a command-line option wins. GET / answers "Hello, world! ..." plus the host
 * name, so two containers can be told apart. SIGTERM (docker container stop)
 * stops the server gracefully.
 */
public final class HelloServer {

    private HelloServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = parsePort(System.getenv("PORT"), 8080);
        String greeting = "Hello, world!";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = parsePort(args[++i], port);
            } else if (args[i].equals("--greeting") && i + 1 < args.length) {
                greeting = args[++i];
            } else {
                System.err.println("usage: java -jar hello.jar [--port N] [--greeting TEXT]");
                System.exit(2);
            }
        }

        String host = hostName();
        String body = greeting + " I am " + host + ".\n";
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> answer(exchange, body));
        server.start();
        System.out.println("hello: listening on port " + port + " as " + host);

        // The JVM runs shutdown hooks on SIGTERM and SIGINT; as PID 1 in a
        // container (exec-form ENTRYPOINT) java receives the signal directly.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("hello: shutting down");
            server.stop(1); // let running requests finish, at most 1 s
            System.out.println("hello: stopped");
            stopped.countDown();
        }));
        stopped.await();
    }

    static int parsePort(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        System.err.println("hello: ignoring invalid port '" + value + "', using " + fallback);
        return fallback;
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME"); // set by Docker to the container's short ID
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int status = exchange.getRequestURI().getPath().equals("/") ? 200 : 404;
        if (status == 404) {
            bytes = "Not found\n".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> " + status);
    }
}
