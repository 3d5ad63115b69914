package dev.hfjobs.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.devstack.StreamMapping;
import dev.hfjobs.devstack.TableStream;
import dev.hfjobs.model.Wire;
import dev.hfjobs.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The template's event source mapping for {@code EventOutboxFunction}, in the test JVM: the jobs
 * table's stream on moto, through the template's filter, in batches of 100, to the real handler
 * (a {@link StreamMapping} with the template's 10 retries).
 */
public final class OutboxPump implements Runnable {
    private final StreamMapping mapping;
    private final EventOutboxFunction function;

    public OutboxPump(TableStream stream, Supplier<Wiring> wiring) {
        this.function = new EventOutboxFunction(wiring);
        this.mapping = new StreamMapping(stream, TableStream.OUTBOX_INSERTS, 100, 11, this::invoke);
    }

    /** Publishes nothing from now on: for a test that hands the stream's records to the function itself. */
    public void stop() {
        mapping.stop();
    }

    @Override
    public void run() {
        mapping.drain();
    }

    private Set<String> invoke(JsonNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(Wire.write(event).getBytes(StandardCharsets.UTF_8)), out,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StreamMapping.failures(Wire.parse(out.toString(StandardCharsets.UTF_8)));
    }
}
