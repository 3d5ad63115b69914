package dev.hfjobs.localinvoke.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers with what it saw: the event, its whole environment, the context, its JVM. Runs inside
 * the local runtime from a zip the tests build; it must need nothing but aws-lambda-java-core.
 */
public final class EchoHandler implements RequestStreamHandler {

    private static final AtomicInteger INVOCATIONS = new AtomicInteger();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        int invocation = INVOCATIONS.incrementAndGet();
        System.out.println("echo handler: invocation " + invocation);
        context.getLogger().log("echo handler logged through the context\n");
        Map<String, Object> answer = new TreeMap<>();
        answer.put("event", new Json.Raw(event));
        answer.put("env", new TreeMap<>(System.getenv()));
        answer.put("invocation", invocation);
        answer.put("pid", ProcessHandle.current().pid());
        answer.put("requestId", context.getAwsRequestId());
        answer.put("functionName", context.getFunctionName());
        answer.put("functionArn", context.getInvokedFunctionArn());
        answer.put("memoryLimitMb", context.getMemoryLimitInMB());
        answer.put("remainingMs", context.getRemainingTimeInMillis());
        answer.put("userDir", System.getProperty("user.dir"));
        answer.put("classLoader", EchoHandler.class.getClassLoader().getClass().getName());
        answer.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        answer.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }
}
