package dev.hfjobs.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.api.ApiFunction;
import dev.hfjobs.devstack.TableStream;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.model.Wire;
import dev.hfjobs.queue.QueueSubmitFunction;
import dev.hfjobs.submit.SubmitEvents;
import dev.hfjobs.testing.SlowProxy;
import dev.hfjobs.testing.TestContext;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A brownout: one dependency answers 5 s late, slower than the 3 s the functions give an attempt
 * (a real proxy in front of moto holds its answers back; the requests themselves take effect). The
 * functions must answer within their own deadline instead of spending it in retries, and once the
 * dependency recovers, SQS's re-delivery (after the visibility timeout, simulated by a clock 15
 * minutes ahead) or the caller's retry ends with exactly one job per request and nothing lost.
 */
class BrownoutTest {
    static final Duration SLOW = Duration.ofSeconds(5);
    /** The template's ApiFunction timeout. */
    static final Duration API_TIMEOUT = Duration.ofSeconds(29);
    /** Shorter than the template's 120 s to keep the test short: the bound is relative to it. */
    static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(40);
    /** SQS re-delivers a message after its 720 s visibility timeout: by then every lease has ended. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofMinutes(12);
    /** The template's EventOutboxFunction timeout. */
    static final Duration OUTBOX_TIMEOUT = Duration.ofSeconds(30);

    /** A dependency, and what a submission answers while it is slow. */
    enum Dependency {
        DYNAMODB("dynamodb", 503, true),
        SECRETS_MANAGER("secretsmanager", 503, true),
        // Not on the submit's path: the job's event leaves from the table's stream (EventOutboxFunction).
        EVENTBRIDGE("events", 201, false);

        final String service;
        final int apiStatus;
        final boolean onSubmitPath;

        Dependency(String service, int apiStatus, boolean onSubmitPath) {
            this.service = service;
            this.apiStatus = apiStatus;
            this.onSubmitPath = onSubmitPath;
        }
    }

    TestStack stack;
    HfJobsEmulator hub;
    SlowProxy proxy;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        proxy = SlowProxy.to(stack.moto.endpoint());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        Robust.scanTable(stack);
        stack.assertNoSecretLeaked();
        stack.close();
    }

    /** The functions' parts with every AWS call through the proxy, as one container has them. */
    Supplier<Wiring> throughProxy() {
        return () -> Wiring.fromEnvironment(stack.env, stack.moto.clientsVia(proxy.endpoint()));
    }

    /** A later container, after the visibility timeout: healthy, with its clock that much ahead. */
    Supplier<Wiring> later() {
        return () -> stack.wiring().withClock(Clock.offset(Clock.systemUTC(), VISIBILITY_TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(Dependency.class)
    void apiAnswersWithinItsDeadlineAndTheRetryMakesOneJob(Dependency dependency) {
        String body = BadRequests.with("labels", "{\"msg\": \"api-" + dependency.service + "\"}");
        ObjectNode event = Robust.http("POST", "/jobs", "", body, Map.of("idempotency-key", "brownout-1"));
        proxy.slow(dependency.service, SLOW);

        Timed answer = invoke(Robust.api(throughProxy()), event, API_TIMEOUT);

        assertThat(answer.remaining()).as("time left of the invocation when it answered").isPositive();
        assertThat(answer.json().path("statusCode").asInt()).isEqualTo(dependency.apiStatus);
        if (dependency.apiStatus == 503) {
            assertThat(answer.json().at("/headers/Retry-After").asText()).isNotEmpty();
        }
        if (dependency.onSubmitPath) {
            assertThat(proxy.delayed()).as("answers held back").isPositive();
        } else {
            assertThat(proxy.delayed()).as("calls to " + dependency.service + " the submit waited for").isZero();
        }

        proxy.heal();
        Timed retry = invoke(Robust.api(later()), event, API_TIMEOUT);

        assertThat(retry.json().path("statusCode").asInt()).isEqualTo(201);
        assertThat(hub.jobs()).hasSize(1);
        assertThat(submittedJobIds()).containsExactly(hub.jobs().getFirst().id());
    }

    @ParameterizedTest
    @EnumSource(Dependency.class)
    void queueBatchHandsUnfinishedMessagesBackWithinItsDeadline(Dependency dependency) {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "brownout-" + dependency.service + "-" + i;
            records.add(Robust.record(id, BadRequests.with("labels", "{\"msg\": \"" + id + "\"}"), null));
        }
        proxy.slow(dependency.service, SLOW);

        Timed answer = invoke(Robust.queue(throughProxy()), Robust.batch(records), QUEUE_TIMEOUT);

        assertThat(answer.remaining()).as("time left of the invocation when it answered").isPositive();
        List<String> failed = Robust.failedIds(answer.text());
        if (dependency.onSubmitPath) {
            assertThat(failed).as("messages handed back for a retry").isNotEmpty();
        } else {
            assertThat(failed).as("messages handed back: none, the batch never waits for " + dependency.service)
                    .isEmpty();
        }
        System.out.printf("ROBUST brownout: %s %s slow, batch of 10 answered in %d ms of %d s, %d handed back%n",
                dependency.service, SLOW, QUEUE_TIMEOUT.toMillis() - answer.remaining().toMillis(),
                QUEUE_TIMEOUT.toSeconds(), failed.size());

        proxy.heal();
        List<ObjectNode> pending = records.stream().filter(r -> failed.contains(r.path("messageId").asText())).toList();
        QueueSubmitFunction recovered = Robust.queue(later());
        for (int round = 0; !pending.isEmpty(); round++) {
            assertThat(round).as("deliveries after the recovery").isLessThan(3);
            Set<String> stillFailed = Set.copyOf(Robust.failedIds(invoke(recovered, Robust.batch(pending),
                    QUEUE_TIMEOUT).text()));
            pending = pending.stream().filter(r -> stillFailed.contains(r.path("messageId").asText())).toList();
        }

        List<JobSnapshot> jobs = hub.jobs();
        assertThat(jobs).extracting(j -> j.labels().get("msg")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(records.stream().map(r -> r.path("messageId").asText()).toList());
        assertThat(submittedJobIds()).containsExactlyInAnyOrderElementsOf(jobs.stream().map(JobSnapshot::id).toList());
        assertThat(stack.deadLetters()).as("nothing set aside: every message was good").isEmpty();
    }

    @Test
    void outboxAnswersWithinItsDeadlineAndPublishesOnceEventBridgeRecovers() {
        stack.outbox.stop();
        for (int i = 0; i < 3; i++) {
            Robust.invoke(Robust.api(stack::wiring), Wire.write(Robust.http("POST", "/jobs", "",
                    BadRequests.with("labels", "{\"msg\": \"outbox-" + i + "\"}"), Map.of("idempotency-key",
                            "outbox-" + i))).getBytes(StandardCharsets.UTF_8), 29);
        }
        List<ObjectNode> records = stack.moto.stream(stack.streamArn()).read(TableStream.OUTBOX_INSERTS, 100);
        assertThat(records).hasSize(3);
        proxy.slow("events", SLOW);

        Timed answer = invoke(Robust.outbox(throughProxy()), TableStream.event(records), OUTBOX_TIMEOUT);

        assertThat(answer.remaining()).as("time left of the invocation when it answered").isPositive();
        assertThat(answer.json().findValuesAsText("itemIdentifier")).as("records to retry from").isNotEmpty();

        proxy.heal();
        Timed retry = invoke(Robust.outbox(later()), TableStream.event(records), OUTBOX_TIMEOUT);
        assertThat(retry.json().path("batchItemFailures")).isEmpty();
        assertThat(submittedJobIds()).containsExactlyInAnyOrderElementsOf(hub.jobs().stream().map(JobSnapshot::id)
                .toList());
    }

    /** The job ids of every HF Job Submitted event, once each (a replay may publish one again). */
    private List<String> submittedJobIds() {
        return stack.events(Integer.MAX_VALUE, Duration.ofSeconds(1)).stream()
                .filter(e -> e.path("detail-type").asText().equals(SubmitEvents.SUBMITTED))
                .map(e -> e.at("/detail/jobId").asText()).distinct().toList();
    }

    private Timed invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, JsonNode event,
            Duration timeout) {
        TestContext context = new TestContext(timeout);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Wire.write(event).getBytes(StandardCharsets.UTF_8)), out,
                    context);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        String text = stack.saw(out.toString(StandardCharsets.UTF_8));
        Robust.assertClean(text);
        return new Timed(text, Wire.parse(text), remaining);
    }

    private record Timed(String text, JsonNode json, Duration remaining) {}
}
