package dev.hfjobs.localinvoke.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** Cannot even be constructed: an init error, as a handler whose configuration is missing. */
public final class BrokenInitHandler implements RequestStreamHandler {

    public BrokenInitHandler() {
        throw new IllegalStateException("cannot start: configuration missing");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        // never reached
    }
}
