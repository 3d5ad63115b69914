package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.testing.EventCapture;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.RequestCounter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class EventBridgePublisherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MotoServer moto = MotoServer.get();
    private final RequestCounter counter = new RequestCounter();
    private final EventCapture capture = moto.createEventBus();

    private EventBridgePublisher publisher(ExecutionInterceptor... extra) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(extra));
        interceptors.add(counter);
        EventBridgeClient client = moto.clients(interceptors.toArray(ExecutionInterceptor[]::new)).eventBridge();
        return new EventBridgePublisher(client, capture.busName(), 4, Duration.ofMillis(1));
    }

    private static HfEvent event(String id) {
        ObjectNode detail = JSON.createObjectNode().put("jobId", id).put("stage", "RUNNING");
        return new HfEvent("HF Job State Change", id + "#RUNNING", detail);
    }

    private static HfEvent eventOfSize(String id, int detailBytes) {
        HfEvent event = event(id);
        event.detail().put("padding", "x".repeat(detailBytes));
        return event;
    }

    private List<PutEventsRequest> putEvents() {
        return counter.requests(PutEventsRequest.class);
    }

    @Test
    void eventReachesARuleTargetWithSourceDetailTypeAndEventIdInTheDetail() throws Exception {
        String queueUrl = moto.routeToQueue(capture.busName());
        HfEvent event = event("job-1");

        List<HfEvent> failed = publisher().publish(List.of(event), soon());

        assertThat(failed).isEmpty();
        var messages = moto.aws().sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
        assertThat(messages).hasSize(1);
        JsonNode received = JSON.readTree(messages.getFirst().body());
        JsonNode recorded = capture.receive(1, WAIT).getFirst();
        for (String field : List.of("id", "detail-type", "source", "region", "resources", "detail")) {
            assertThat(received.path(field)).as("the rule's target and the capture agree on " + field)
                    .isEqualTo(recorded.path(field));
        }
        assertThat(received.path("source").asText()).isEqualTo("hf.jobs");
        assertThat(received.path("detail-type").asText()).isEqualTo("HF Job State Change");
        assertThat(received.path("detail").path("eventId").asText()).isEqualTo("job-1#RUNNING");
        assertThat(received.path("detail").path("jobId").asText()).isEqualTo("job-1");
        assertThat(event.detail().has("eventId")).as("the caller's detail is left alone").isFalse();
    }

    @Test
    void twentyFiveEventsGoOutInChunksOfTen() {
        List<HfEvent> events = IntStream.range(0, 25).mapToObj(i -> event("job-" + i)).toList();

        assertThat(publisher().publish(events, soon())).isEmpty();

        assertThat(putEvents()).extracting(r -> r.entries().size()).containsExactly(10, 10, 5);
        List<String> ids = capture.receive(25, WAIT).stream()
                .map(e -> e.path("detail").path("eventId").asText()).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(events.stream().map(HfEvent::eventId).toList());
    }

    @Test
    void chunksStayUnderTheRequestSizeLimit() {
        List<HfEvent> events = IntStream.range(0, 5).mapToObj(i -> eventOfSize("big-" + i, 100_000)).toList();

        assertThat(publisher().publish(events, soon())).isEmpty();

        assertThat(putEvents()).extracting(r -> r.entries().size()).containsExactly(2, 2, 1);
        assertThat(putEvents()).allSatisfy(r -> assertThat(r.entries().stream()
                .mapToInt(EventBridgePublisher::sizeOf).sum()).isLessThanOrEqualTo(256 * 1024));
        assertThat(capture.receive(5, WAIT)).hasSize(5);
    }

    @Test
    void eventLargerThanTheLimitIsReturnedWithoutBeingSent() {
        HfEvent huge = eventOfSize("huge", 300_000);
        HfEvent small = event("small");

        List<HfEvent> failed = publisher().publish(List.of(huge, small), soon());

        assertThat(failed).containsExactly(huge);
        assertThat(putEvents()).hasSize(1).allSatisfy(r -> assertThat(r.entries()).hasSize(1));
        assertThat(capture.receive(1, WAIT)).hasSize(1);
    }

    @Test
    void entryRejectedAsInvalidIsReturnedWithoutRetry() {
        HfEvent invalid = new HfEvent("", "bad#1", JSON.createObjectNode().put("jobId", "bad"));
        HfEvent valid = event("good");

        List<HfEvent> failed = publisher().publish(List.of(valid, invalid), soon());

        assertThat(failed).containsExactly(invalid);
        assertThat(putEvents()).hasSize(1);
        assertThat(capture.receive(1, WAIT)).extracting(e -> e.path("detail").path("jobId").asText())
                .containsExactly("good");
    }

    @Test
    void transientlyFailedEntryIsRetriedAlone() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        List<HfEvent> events = IntStream.range(0, 3).mapToObj(i -> event("job-" + i)).toList();

        List<HfEvent> failed = publisher(new FailEntries(id -> id.equals("job-1#RUNNING")
                && failuresLeft.getAndDecrement() > 0)).publish(events, soon());

        assertThat(failed).isEmpty();
        assertThat(putEvents()).extracting(r -> r.entries().size()).containsExactly(3, 1);
        assertThat(putEvents().get(1).entries().getFirst().detail()).contains("job-1#RUNNING");
    }

    @Test
    void entryThatKeepsFailingIsReturnedAfterBoundedAttempts() {
        HfEvent doomed = event("doomed");
        HfEvent fine = event("fine");

        List<HfEvent> failed = publisher(new FailEntries(id -> id.startsWith("doomed"))).publish(List.of(fine, doomed), soon());

        assertThat(failed).containsExactly(doomed);
        assertThat(putEvents()).extracting(r -> r.entries().size()).containsExactly(2, 1, 1, 1);
    }

    @Test
    void missingBusReturnsEveryEventWithoutThrowing() {
        EventBridgeClient client = moto.clients(counter).eventBridge();
        EventBridgePublisher publisher = new EventBridgePublisher(client, MotoServer.uniqueName("no-such-bus"), 4, Duration.ofMillis(1));
        List<HfEvent> events = List.of(event("a"), event("b"));

        assertThat(publisher.publish(events, soon())).containsExactlyElementsOf(events);
        assertThat(putEvents()).as("a missing bus is not transient").hasSize(1);
    }

    @Test
    void unreachableEndpointIsRetriedThenReportedAsFailed() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        EventBridgeClient client = AwsClients.forEndpoint(closed, MotoServer.REGION, MotoServer.CREDENTIALS, counter)
                .eventBridge();
        EventBridgePublisher publisher = new EventBridgePublisher(client, "bus", 3, Duration.ofMillis(1));
        List<HfEvent> events = List.of(event("a"));

        assertThat(publisher.publish(events, soon())).containsExactlyElementsOf(events);
        assertThat(putEvents()).hasSize(3);
    }

    @Test
    void emptyListPublishesNothing() {
        assertThat(publisher().publish(List.of(), soon())).isEmpty();
        assertThat(putEvents()).isEmpty();
    }

    @Test
    void failedEventsComeBackInTheOrderGiven() {
        List<HfEvent> events = IntStream.range(0, 12).mapToObj(i -> event("job-" + i)).toList();

        List<HfEvent> failed = publisher(new FailEntries(id -> id.matches("job-(1|5|11)#RUNNING"))).publish(events, soon());

        assertThat(failed).containsExactly(events.get(1), events.get(5), events.get(11));
    }

    private static int closedPort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Turns the result of the entries whose eventId matches into an {@code InternalFailure}, as
     * EventBridge does under load, after moto has accepted them.
     */
    private record FailEntries(Predicate<String> failing) implements ExecutionInterceptor {
        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof PutEventsResponse response)
                    || !(context.request() instanceof PutEventsRequest request)) {
                return context.response();
            }
            List<PutEventsResultEntry> results = new ArrayList<>();
            int failedCount = 0;
            for (int i = 0; i < request.entries().size(); i++) {
                if (failing.test(eventId(request.entries().get(i)))) {
                    results.add(PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("injected").build());
                    failedCount++;
                } else {
                    results.add(response.entries().get(i));
                }
            }
            return response.toBuilder().entries(results).failedEntryCount(failedCount).build();
        }

        private static String eventId(PutEventsRequestEntry entry) {
            try {
                return JSON.readTree(entry.detail()).path("eventId").asText();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
