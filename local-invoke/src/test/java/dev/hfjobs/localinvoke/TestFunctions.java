package dev.hfjobs.localinvoke;

import dev.hfjobs.localinvoke.testfn.EchoHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A deployment package of the test handlers (package {@code testfn}) in Lambda's zip layout, with
 * aws-lambda-java-core under lib/ as a real function has it, and a SAM template naming them.
 */
final class TestFunctions {

    static final String PACKAGE_DIR = "dev/hfjobs/localinvoke/testfn";

    static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Greeting:
                Type: String
                Default: hello
              Stage:
                Type: String
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              IsDefaultGreeting: !Equals [!Ref Greeting, hello]
              DefaultGreetingOutsideProd: !And [!Condition IsDefaultGreeting, !Not [!Condition IsProd]]
            Globals:
              Function:
                Runtime: java21
                MemorySize: 256
                Timeout: 20
                CodeUri: build/test-functions.zip
                Environment:
                  Variables:
                    FROM_GLOBALS: globals
            Resources:
              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.hfjobs.localinvoke.testfn.EchoHandler::handleRequest
                  Environment:
                    Variables:
                      GREETING: !Ref Greeting
                      STAGE: !Ref Stage
                      PLAIN: from-template
                      OVERRIDDEN: from-template
                      QUEUE_ARN: !GetAtt Queue.Arn
                      QUEUE_REF: !Ref Queue
                      BUS: !Sub "${AWS::StackName}-bus-${AWS::Region}"
                      CONDITIONAL: !If [IsProd, a, b]
                      MODE: !If [DefaultGreetingOutsideProd, quiet, loud]
                      NO_VALUE_OUTSIDE_PROD: !If [IsProd, set, !Ref AWS::NoValue]
                      FIRST_PART: !Select [0, !Split ["/", !Sub "${Greeting}/world"]]
                      JAVA_TOOL_OPTIONS: -Dlocalinvoke.test=yes
              FailingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.hfjobs.localinvoke.testfn.FailingHandler::handleRequest
              SlowFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.hfjobs.localinvoke.testfn.SlowHandler::handleRequest
                  Timeout: 1
              BrokenInitFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.hfjobs.localinvoke.testfn.BrokenInitHandler::handleRequest
              Queue:
                Type: AWS::SQS::Queue
            """;

    static final String ENV_JSON = """
            {
              "EchoFunction": {"OVERRIDDEN": "from-env-json", "UNDECLARED": "must-not-appear"},
              "Parameters": {"OVERRIDDEN": "from-parameters", "PLAIN": "from-parameters", "ALSO_UNDECLARED": "no"}
            }
            """;

    private TestFunctions() {
    }

    /** Writes template.yaml, env.json and build/test-functions.zip into {@code dir}; returns the template. */
    static Path writeProject(Path dir) {
        try {
            Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
            Files.writeString(dir.resolve("env.json"), ENV_JSON);
            Files.createDirectories(dir.resolve("build"));
            writeZip(dir.resolve("build/test-functions.zip"));
            return dir.resolve("template.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeZip(Path zip) throws IOException {
        Path classes = testClasses();
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Path handlerClass : list(classes.resolve(PACKAGE_DIR))) {
                add(out, PACKAGE_DIR + "/" + handlerClass.getFileName(), handlerClass);
            }
            for (Path jar : list(Path.of("target/ric"))) {
                if (jar.getFileName().toString().startsWith("aws-lambda-java-core-")) {
                    add(out, "lib/" + jar.getFileName(), jar);
                }
            }
        }
    }

    private static void add(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        Files.copy(file, out);
        out.closeEntry();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static Path testClasses() {
        try {
            return Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
