package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.devstack.CreatedStack;
import dev.hfjobs.emulator.AutoAdvance;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.localinvoke.FunctionConfig;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole story, locally: moto_server and the HF Jobs emulator started, the resources of
 * template.yaml created, and the real handlers run through the Docker-free local invoke: an API
 * submit, an SQS batch, a catalog publish, and poller runs while the emulator moves the jobs to
 * RUNNING and COMPLETED. Prints the events the bus delivered (through a rule to a queue) as a
 * timeline, and fails when one that should be there is missing. Then {@link PipelineStory}: Step
 * Functions executions whose tasks wait for jobs.
 *
 * <p>Arguments: {@code template.yaml events/}.
 */
public final class LocalStory {
    static final String TOKEN = LocalUp.TOKEN;
    private static final PrintStream OUT = System.out;
    /**
     * Quicker than local-up's, since the story waits for every job to complete; but each job must
     * still be RUNNING when the poller first looks, after three cold starts (queue, catalog, poller)
     * that take 3 to 5 s each on a busy 2-core machine: with 6 s of RUNNING the API's job was seen
     * SCHEDULING then COMPLETED, and the story failed.
     */
    private static final AutoAdvance TIMERS = AutoAdvance.completing(Duration.ofSeconds(3), Duration.ofSeconds(15));

    private LocalStory() {}

    public static void main(String[] args) throws Exception {
        Path template = Path.of(args.length > 0 ? args[0] : "template.yaml").toAbsolutePath();
        Path events = Path.of(args.length > 1 ? args[1] : "events").toAbsolutePath();
        Path work = Files.createTempDirectory("hf-jobs-story");
        LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(template, events.resolve("env.json"), work)
                .withPorts(0, 0).withTimers(TIMERS).withParameters(PipelineStory.PARAMETERS);
        int status;
        try (LocalUp up = LocalUp.start(settings)) {
            OUT.println("moto_server       " + up.moto() + "  (runs Step Functions state machines)");
            OUT.printf("HF Jobs emulator  %s  (jobs: %d s SCHEDULING, %d s RUNNING, then COMPLETED)%n",
                    up.hub().endpoint(), TIMERS.scheduling().toSeconds(), TIMERS.running().toSeconds());
            MetricsReadBack metrics = new MetricsReadBack();
            status = new Story(SamTemplate.load(template), events, up, metrics).run();
            // Then the pipelines: Step Functions tasks that wait for jobs (their jobs run longer
            // than the short-heartbeat case's HeartbeatSeconds, as that case needs).
            OUT.println();
            OUT.println("==> pipelines: Step Functions tasks waiting for jobs");
            status |= new PipelineStory.Story(SamTemplate.load(template), events, up, Duration.ofSeconds(60), metrics)
                    .run();
            // Last, what CloudWatch would have made of the functions' logs.
            status |= metrics.print(OUT);
        }
        System.exit(status);
    }

    /** One run of the story against a started local-up. */
    static final class Story {
        private final SamTemplate template;
        private final Path events;
        private final LocalUp up;
        private final HfJobsEmulator hub;
        private final SqsClient sqs;
        private final Instant start = Instant.now();
        private final List<Timeline.Arrival> arrivals = new ArrayList<>();
        private String timelineQueueUrl;
        private final MetricsReadBack metrics;

        Story(SamTemplate template, Path events, LocalUp up, MetricsReadBack metrics) {
            this.metrics = metrics;
            this.template = template;
            this.events = events;
            this.up = up;
            this.hub = up.hub();
            this.sqs = up.aws().sqs();
        }

        int run() throws IOException {
            CreatedStack stack = up.stack();
            OUT.println("created           secret " + up.secretId() + ", " + String.join(", ", stack.resources()
                    .values().stream().map(r -> r.logicalId() + " " + r.name()).toList()));
            timelineQueueUrl = tapTheBus(stack.eventBus("EventBus").name());
            Overrides overrides = up.overrides();
            Map<String, LocalInvoke> functions = new LinkedHashMap<>();
            try {
                for (String id : template.functionIds()) {
                    FunctionConfig config = template.function(id, overrides);
                    functions.put(id, LocalInvoke.of(config, Options.defaults()
                            .withRuntimeDir(Path.of("local-invoke/target/ric").toAbsolutePath())));
                }
                play(functions);
            } finally {
                functions.values().forEach(LocalInvoke::close);
            }
            collect(Duration.ofSeconds(3));
            new Timeline(start).print(arrivals, OUT);
            return Expectations.check(arrivals, OUT);
        }

        /** A rule that copies every {@code hf.jobs} event to a queue the story reads: the timeline. */
        private String tapTheBus(String bus) {
            EventBridgeClient eventBridge = up.aws().eventBridge();
            String url = sqs.createQueue(b -> b.queueName("hf-jobs-story-timeline")).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            eventBridge.putRule(b -> b.name("hf-jobs-story-timeline").eventBusName(bus)
                    .eventPattern("{\"source\": [\"hf.jobs\"]}"));
            eventBridge.putTargets(b -> b.rule("hf-jobs-story-timeline").eventBusName(bus)
                    .targets(t -> t.id("timeline").arn(arn)));
            return url;
        }

        private void play(Map<String, LocalInvoke> functions) throws IOException {
            // Lambda's event source mapping of the jobs table's stream: what the submits wrote goes
            // to EventOutboxFunction, which publishes their "HF Job Submitted" events.
            try (OutboxMapping outbox = new OutboxMapping(up.moto(), up.stack().table("JobsTable").streamArn(),
                    event -> step("EventOutboxFunction: the jobs table's stream (the new jobs' events)",
                            OutboxMapping.FUNCTION, functions, event))) {
                step("ApiFunction: POST /jobs (events/api-submit-v2.json)", "ApiFunction", functions,
                        read("api-submit-v2.json"));
                outbox.drain();
                step("QueueSubmitFunction: a batch received from the submit queue", "QueueSubmitFunction", functions,
                        sqsBatchThroughTheQueue());
                outbox.drain();
            }
            step("HardwareCatalogFunction: the hourly schedule", "HardwareCatalogFunction", functions,
                    read("schedule-catalog.json"));
            String poll = read("schedule-poller.json");
            Instant until = Instant.now().plus(Duration.ofSeconds(45));
            while (Instant.now().isBefore(until)) {
                step("StatusPollerFunction: the minute schedule", "StatusPollerFunction", functions, poll);
                List<JobSnapshot> submitted = hub.jobs().stream()
                        .filter(j -> !j.id().equals(LocalUp.SAMPLE_JOB_ID)).toList();
                if (submitted.stream().allMatch(j -> j.stage().equals("COMPLETED"))
                        && completedEvents() >= submitted.size()) {
                    return;
                }
                sleep(Duration.ofSeconds(2));
            }
        }

        private InvokeResult step(String title, String function, Map<String, LocalInvoke> functions, String event) {
            InvokeResult result = functions.get(function).invoke(event);
            metrics.add(function, result);
            collect(Duration.ZERO);
            OUT.printf("%n== %s%n   %s%n   -> %s%n", title, result.reportLine().replace('\t', ' '),
                    abbreviate(result.payload()));
            if (result.isError()) {
                OUT.println(result.logs());
            }
            return result;
        }

        /**
         * The sample batch's messages sent to the real submit queue and received back, turned into
         * the event Lambda's SQS poller would hand the function.
         */
        private String sqsBatchThroughTheQueue() throws IOException {
            JsonNode sample = Wire.parse(read("sqs-batch.json"));
            CreatedStack.Queue submitQueue = up.stack().queue("SubmitQueue");
            String queueUrl = submitQueue.url();
            for (JsonNode record : sample.path("Records")) {
                Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes = new HashMap<>();
                record.path("messageAttributes").properties().forEach(a -> attributes.put(a.getKey(),
                        software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String")
                                .stringValue(a.getValue().path("stringValue").asText()).build()));
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(record.path("body").asText())
                        .messageAttributes(attributes));
            }
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").attributeNamesWithStrings("All").waitTimeSeconds(1)).messages();
            return Wire.write(SqsEvents.of(received, submitQueue.arn()));
        }

        private int completedEvents() {
            return (int) arrivals.stream().filter(a -> a.event().at("/detail/stage").asText().equals("COMPLETED"))
                    .count();
        }

        private void collect(Duration wait) {
            Instant until = Instant.now().plus(wait);
            do {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(timelineQueueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                messages.forEach(m -> {
                    arrivals.add(new Timeline.Arrival(Instant.now(), Wire.parse(m.body())));
                    sqs.deleteMessage(b -> b.queueUrl(timelineQueueUrl).receiptHandle(m.receiptHandle()));
                });
                if (messages.isEmpty() && !Instant.now().isBefore(until)) {
                    return;
                }
            } while (true);
        }

        private String read(String name) throws IOException {
            return Files.readString(events.resolve(name), StandardCharsets.UTF_8);
        }
    }

    static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds an SQS event record list from received messages, in Lambda's shape. */
    static final class SqsEvents {
        private SqsEvents() {}

        static ObjectNode of(List<Message> messages, String queueArn) {
            ObjectNode event = Wire.mapper().createObjectNode();
            ArrayNode records = event.putArray("Records");
            for (Message m : messages) {
                ObjectNode record = records.addObject();
                record.put("messageId", m.messageId());
                record.put("receiptHandle", m.receiptHandle());
                record.put("body", m.body());
                ObjectNode attributes = record.putObject("attributes");
                m.attributesAsStrings().forEach(attributes::put);
                ObjectNode messageAttributes = record.putObject("messageAttributes");
                m.messageAttributes().forEach((name, value) -> messageAttributes.putObject(name)
                        .put("stringValue", value.stringValue()).put("dataType", value.dataType()));
                record.put("md5OfBody", m.md5OfBody());
                record.put("eventSource", "aws:sqs");
                record.put("eventSourceARN", queueArn);
                record.put("awsRegion", "us-east-1");
            }
            return event;
        }
    }
}
