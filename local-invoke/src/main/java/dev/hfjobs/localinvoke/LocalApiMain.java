package dev.hfjobs.localinvoke;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code local-api [--port 3000] [-t template.yaml] [-n events/env.json] [FunctionLogicalId]}: serves
 * the function (default {@code ApiFunction}) over HTTP on 127.0.0.1 until Ctrl-C; see {@link LocalApi}.
 * The function's environment is resolved as {@code local-invoke} resolves it; env.json defaults to
 * {@code events/env.json} when there is one.
 */
public final class LocalApiMain {

    static final int DEFAULT_PORT = 3000;
    private static final String USAGE =
            "usage: local-api [--port N] [-t template.yaml] [-n env.json] [--region R] [FunctionLogicalId]";

    private LocalApiMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Started started;
        try {
            started = start(List.of(args), System.getenv(), System.out, System.err);
        } catch (LocalInvokeException e) {
            System.err.println("local-api: " + e.getMessage());
            System.exit(Main.USAGE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-api-stop"));
        new CountDownLatch(1).await();
    }

    /** The server and the function behind it. */
    record Started(LocalApi api, LocalInvoke function) implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            function.close();
        }
    }

    static Started start(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Deque<String> rest = new ArrayDeque<>(args);
        int port = DEFAULT_PORT;
        Path template = Path.of("template.yaml");
        Path envJson = Files.isRegularFile(Path.of("events/env.json")) ? Path.of("events/env.json") : null;
        String region = null;
        String functionId = "ApiFunction";
        while (!rest.isEmpty()) {
            String arg = rest.pop();
            switch (arg) {
                case "--port", "-p" -> port = port(value(arg, rest));
                case "-t", "--template" -> template = Path.of(value(arg, rest));
                case "-n", "--env-vars" -> envJson = Path.of(value(arg, rest));
                case "--region" -> region = value(arg, rest);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new LocalInvokeException("unexpected argument " + arg + "\n" + USAGE);
                    }
                    functionId = arg;
                }
            }
        }
        Overrides overrides = (envJson == null ? Overrides.none() : Overrides.fromEnvFile(envJson))
                .withShellEnvironment(env);
        FunctionConfig config = SamTemplate.load(template).function(functionId,
                region == null ? overrides : overrides.withRegion(region));
        LocalInvoke function = LocalInvoke.of(config, Options.defaults().withHostEnvironment(env)
                .withLogListener(err::println));
        LocalApi api;
        try {
            api = LocalApi.start(function, port, out);
        } catch (LocalInvokeException e) {
            function.close();
            throw e;
        }
        out.printf("local-api: %s (%s, %s, %d MB) from %s, environment from %s%n", functionId, config.handler(),
                config.runtime(), config.memorySizeMb(), config.codeUri(), envJson == null ? "the template" : envJson);
        out.printf("local-api: listening on %s: every method and path becomes an HTTP API (payload 2.0) event; "
                + "Ctrl-C stops%n", api.endpoint());
        warnAboutSilentEndpoints(config, err);
        out.flush();
        return new Started(api, function);
    }

    /**
     * A local endpoint the function will call but nobody listens on gives 5xx answers that do not say
     * why (the README's own command did, before scripts/local-up existed): say it up front.
     */
    private static void warnAboutSilentEndpoints(FunctionConfig config, PrintStream err) {
        for (String variable : List.of("AWS_ENDPOINT_URL", "HF_ENDPOINT")) {
            String value = config.environment().getOrDefault(variable, "");
            URI url = value.isBlank() ? null : URI.create(value);
            if (url != null && url.getPort() > 0 && List.of("127.0.0.1", "localhost").contains(url.getHost())
                    && !listening(url)) {
                err.printf("local-api: nothing listens on %s (%s): start ./scripts/local-up first%n", value, variable);
            }
        }
    }

    private static boolean listening(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new LocalInvokeException(option + " needs a value\n" + USAGE);
        }
        return rest.pop();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LocalInvokeException("--port needs a port number, not " + value);
    }
}
