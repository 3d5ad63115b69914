package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.TestContext;
import dev.hfjobs.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every ApiFunction test stands on: a fresh stack (moto resources, the emulator as the Hub),
 * the function over it, invocations as API Gateway makes them, and the leak scan after each test.
 */
abstract class ApiHarness {
    static final Map<String, String> JSON = Map.of("content-type", "application/json");

    TestStack stack;
    HfJobsEmulator hub;
    ApiFunction function;

    @BeforeEach
    void startStack() {
        stack = TestStack.create();
        hub = TestStack.hub();
        function = new ApiFunction(stack::wiring);
    }

    @AfterEach
    void scanForLeaks() {
        stack.assertNoSecretLeaked();
        stack.close();
    }

    /** The function's answer to {@code event}, with the Lambda's 30 s. */
    JsonNode invoke(JsonNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            function.handleRequest(new ByteArrayInputStream(Wire.write(event).getBytes(StandardCharsets.UTF_8)), out,
                    TestContext.seconds(30));
            return stack.saw(Wire.parse(out.toString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int status(JsonNode answer) {
        return answer.path("statusCode").asInt();
    }
}
