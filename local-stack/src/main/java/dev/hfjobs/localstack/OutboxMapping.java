package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.devstack.StackClients;
import dev.hfjobs.devstack.StreamMapping;
import dev.hfjobs.devstack.TableStream;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The template's event source mapping of {@code EventOutboxFunction}, played locally: the jobs
 * table's stream on moto, through the template's filter, in batches of 100, with its 10 retries,
 * handed to the function through local invoke. {@link #drain} hands over what the stream holds now;
 * {@link #poll} keeps doing so in the background, as Lambda does, so that {@code HF Job Submitted}
 * reaches the bus within a moment of the submit.
 */
final class OutboxMapping implements AutoCloseable {
    /** The function the template maps the jobs table's stream to. */
    static final String FUNCTION = "EventOutboxFunction";
    private static final int BATCH_SIZE = 100;
    private static final int ATTEMPTS = 11;

    private final DynamoDbStreamsClient streams;
    private final StreamMapping mapping;
    private volatile Thread poller;

    /** @param invoke hands one batch's event to the function; its result */
    OutboxMapping(URI moto, String streamArn, Function<String, InvokeResult> invoke) {
        this.streams = DynamoDbStreamsClient.builder().endpointOverride(moto).region(StackClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing"))).httpClient(UrlConnectionHttpClient.create()).build();
        this.mapping = new StreamMapping(new TableStream(streams, streamArn), TableStream.OUTBOX_INSERTS, BATCH_SIZE,
                ATTEMPTS, event -> failed(event, invoke.apply(Wire.write(event))));
    }

    /** Hands the function what the stream holds now; answers how many batches it was given. */
    int drain() {
        return mapping.drain();
    }

    /** Keeps draining every {@code period} on a daemon thread until closed; a failure is reported on {@code err}. */
    void poll(Duration period, PrintStream err) {
        Thread thread = Thread.ofPlatform().daemon().name("outbox-mapping").unstarted(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    mapping.drain();
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    err.println("local-up: the jobs table's stream could not be read or handed over: " + e);
                    try {
                        Thread.sleep(period.multipliedBy(5));
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        });
        poller = thread;
        thread.start();
    }

    /**
     * The sequence numbers the function did not process: those of its partial batch response, or
     * all of the batch's when the invocation failed (Lambda then retries the whole batch).
     */
    private static Set<String> failed(ObjectNode event, InvokeResult result) {
        if (!result.isError()) {
            try {
                return StreamMapping.failures(Wire.parse(result.payload()));
            } catch (ModelException e) {
                // An answer that is not JSON fails the batch, as Lambda takes it.
            }
        }
        Set<String> all = new HashSet<>();
        event.path("Records").forEach(r -> all.add(r.at("/dynamodb/SequenceNumber").asText()));
        return all;
    }

    @Override
    public void close() {
        mapping.stop();
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streams.close();
    }
}
