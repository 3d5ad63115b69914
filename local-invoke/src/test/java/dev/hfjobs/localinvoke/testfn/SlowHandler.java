package dev.hfjobs.localinvoke.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** Outlives any short timeout. */
public final class SlowHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        System.out.println("slow handler: going to sleep");
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.write("{\"late\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
