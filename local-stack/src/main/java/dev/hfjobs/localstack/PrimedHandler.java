package dev.hfjobs.localstack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Benchmark only: the handler named by {@code PRIMED_TARGET}, primed in its constructor as SnapStart
 * primes it before the snapshot. Its first invoke is what a restored environment's first call
 * costs (the restore itself excluded). {@link Bench} adds this class to a copy of the package.
 */
public final class PrimedHandler implements RequestStreamHandler {
    private final RequestStreamHandler target;

    public PrimedHandler() throws ReflectiveOperationException {
        Class<?> type = Class.forName(System.getenv("PRIMED_TARGET"));
        target = (RequestStreamHandler) type.getConstructor().newInstance();
        type.getMethod("prime").invoke(target);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        target.handleRequest(input, output, context);
    }
}
