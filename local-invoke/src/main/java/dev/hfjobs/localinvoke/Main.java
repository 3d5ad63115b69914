package dev.hfjobs.localinvoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code local-invoke [-t template.yaml] [-e event.json|-] [-n env.json] [FunctionLogicalId]}: the
 * arguments of {@code sam local invoke}. The answer goes to stdout; the runtime's output and
 * Lambda's END/REPORT lines to stderr. Exit status: 0 answered, 1 function error, 2 init error or
 * runtime crash, 3 timeout, 64 bad arguments or nothing to run.
 */
public final class Main {

    static final int FUNCTION_ERROR = 1;
    static final int INIT_OR_RUNTIME_ERROR = 2;
    static final int TIMED_OUT = 3;
    static final int USAGE = 64;

    private static final String HELP = """
            usage: local-invoke [options] [FunctionLogicalId]
              -t, --template FILE          SAM template (default template.yaml, else template.yml)
              -e, --event FILE|-           event JSON; - reads stdin (default {})
              -n, --env-vars FILE          env.json: {"FunctionId": {...}, "Parameters": {...}}
              --parameter-overrides K=V..  template parameter values (also ParameterKey=K,ParameterValue=V)
              --region REGION              AWS_REGION for the function (default: $AWS_REGION, else us-east-1)
              --java-home DIR              run the function on this JDK
              --repeat N                   invoke N times in the same (warm) runtime
              --debug                      print the function's environment and JVM command
            The function id may be left out when the template has exactly one function.""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.in, System.out, System.err, System.getenv()));
    }

    static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (LocalInvokeException e) {
            err.println("local-invoke: " + e.getMessage());
            err.println(HELP);
            return USAGE;
        }
        if (arguments.help()) {
            out.println(HELP);
            return 0;
        }
        try {
            return invoke(arguments, stdin, out, err, env);
        } catch (LocalInvokeException e) {
            err.println("local-invoke: " + e.getMessage());
            return USAGE;
        }
    }

    private static int invoke(Arguments arguments, InputStream stdin, PrintStream out, PrintStream err,
            Map<String, String> env) {
        FunctionConfig function = function(arguments, env);
        String event = event(arguments.event(), stdin);
        Options options = Options.defaults().withHostEnvironment(env).withLogListener(err::println);
        if (arguments.javaHome() != null) {
            options = options.withJavaHome(arguments.javaHome());
        }
        try (LocalInvoke lambda = LocalInvoke.of(function, options)) {
            Thread cleanup = new Thread(lambda::close, "local-invoke-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            err.printf("Invoking %s (%s, %d MB, %d s) from %s on JDK %d (%s)%n", function.handler(), function.runtime(),
                    function.memorySizeMb(), function.timeoutSeconds(), function.codeUri(), lambda.javaVersion(),
                    lambda.javaHome());
            if (arguments.debug()) {
                function.environment().forEach((name, value) -> err.println("  env " + name + "=" + value));
                err.println("  command " + String.join(" ", lambda.runtimeCommand()));
            }
            int status = 0;
            for (int i = 0; i < arguments.repeat(); i++) {
                InvokeResult result = lambda.invoke(event);
                err.println("END RequestId: " + result.requestId());
                err.println(result.reportLine());
                err.flush();
                out.println(result.payload());
                out.flush();
                status = status(result.outcome());
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return status;
        }
    }

    private static FunctionConfig function(Arguments arguments, Map<String, String> env) {
        SamTemplate template = SamTemplate.load(arguments.template());
        String id = arguments.functionId();
        if (id == null) {
            List<String> ids = template.functionIds();
            if (ids.size() != 1) {
                throw new LocalInvokeException("name the function to invoke, one of: " + String.join(", ", ids));
            }
            id = ids.get(0);
        }
        Overrides overrides = arguments.envVars() == null ? Overrides.none() : Overrides.fromEnvFile(arguments.envVars());
        overrides = overrides.withShellEnvironment(env).withParameters(arguments.parameters());
        if (arguments.region() != null) {
            overrides = overrides.withRegion(arguments.region());
        }
        return template.function(id, overrides);
    }

    private static String event(String source, InputStream stdin) {
        try {
            if (source == null) {
                return "{}";
            }
            byte[] bytes = source.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(source));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalInvokeException("cannot read the event from " + source + ": " + e.getMessage(), e);
        }
    }

    static int status(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> 0;
            case FUNCTION_ERROR -> FUNCTION_ERROR;
            case INIT_ERROR, RUNTIME_EXIT -> INIT_OR_RUNTIME_ERROR;
            case TIMEOUT -> TIMED_OUT;
        };
    }

    /** The parsed command line; null where an option was not given. */
    record Arguments(Path template, String event, Path envVars, Map<String, String> parameters, String region,
            Path javaHome, int repeat, boolean debug, boolean help, String functionId) {

        static Arguments parse(List<String> args) {
            Path template = null;
            String event = null;
            Path envVars = null;
            Map<String, String> parameters = new LinkedHashMap<>();
            String region = null;
            Path javaHome = null;
            int repeat = 1;
            boolean debug = false;
            boolean help = false;
            String functionId = null;
            Deque<String> rest = new ArrayDeque<>(args);
            while (!rest.isEmpty()) {
                String arg = rest.pop();
                switch (arg) {
                    case "-t", "--template", "--template-file" -> template = Path.of(value(arg, rest));
                    case "-e", "--event" -> event = value(arg, rest);
                    case "-n", "--env-vars" -> envVars = Path.of(value(arg, rest));
                    case "--parameter-overrides" -> parameters.putAll(parameterOverrides(rest));
                    case "--region" -> region = value(arg, rest);
                    case "--java-home" -> javaHome = Path.of(value(arg, rest));
                    case "--repeat" -> repeat = positive(arg, value(arg, rest));
                    case "--debug" -> debug = true;
                    case "-h", "--help" -> help = true;
                    default -> {
                        if (arg.startsWith("-") || functionId != null) {
                            throw new LocalInvokeException("unexpected argument " + arg);
                        }
                        functionId = arg;
                    }
                }
            }
            return new Arguments(template == null ? defaultTemplate() : template, event, envVars, parameters, region,
                    javaHome, repeat, debug, help, functionId);
        }

        private static Path defaultTemplate() {
            Path yaml = Path.of("template.yaml");
            return Files.exists(yaml) || !Files.exists(Path.of("template.yml")) ? yaml : Path.of("template.yml");
        }

        private static String value(String option, Deque<String> rest) {
            String value = rest.poll();
            if (value == null || (value.startsWith("-") && !value.equals("-"))) {
                throw new LocalInvokeException(option + " needs a value");
            }
            return value;
        }

        private static int positive(String option, String value) {
            try {
                int number = Integer.parseInt(value);
                if (number > 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new LocalInvokeException(option + " needs a positive number, not " + value);
        }

        /** SAM's forms: {@code K=V K2=V2} (one argument or several) and {@code ParameterKey=K,ParameterValue=V}. */
        static Map<String, String> parameterOverrides(Deque<String> rest) {
            Map<String, String> values = new LinkedHashMap<>();
            while (!rest.isEmpty() && !rest.peek().startsWith("-")) {
                for (String pair : rest.pop().trim().split("\\s+")) {
                    if (pair.startsWith("ParameterKey=")) {
                        String[] parts = pair.split(",ParameterValue=", 2);
                        values.put(parts[0].substring("ParameterKey=".length()), parts.length > 1 ? parts[1] : "");
                    } else if (pair.contains("=")) {
                        values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                    } else if (!pair.isEmpty()) {
                        throw new LocalInvokeException("--parameter-overrides wants Key=Value, not " + pair);
                    }
                }
            }
            return values;
        }
    }
}
