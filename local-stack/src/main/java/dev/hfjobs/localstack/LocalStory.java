package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.emulator.AutoAdvance;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.localinvoke.FunctionConfig;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole story, locally: moto_server and the HF Jobs emulator started, the resources of
 * template.yaml created, and the real handlers run through the Docker-free local invoke: an API
 * submit, an SQS batch, a catalog publish, and poller runs while the emulator moves the jobs to
 * RUNNING and COMPLETED. Prints the events the bus delivered (through a rule to a queue) as a
 * timeline, and fails when one that should be there is missing.
 *
 * <p>Arguments: {@code template.yaml events/}.
 */
public final class LocalStory {
    static final String TOKEN = "hf_test_alice";
    private static final PrintStream OUT = System.out;

    private LocalStory() {}

    public static void main(String[] args) throws Exception {
        Path template = Path.of(args.length > 0 ? args[0] : "template.yaml").toAbsolutePath();
        Path events = Path.of(args.length > 1 ? args[1] : "events").toAbsolutePath();
        Path work = Files.createTempDirectory("hf-jobs-story");
        int status;
        try (Moto moto = Moto.start(work.resolve("moto.log"));
                HfJobsEmulator hub = HfJobsEmulator.builder().autoAdvance(AutoAdvance.completing(Duration.ofSeconds(3),
                        Duration.ofSeconds(6))).start()) {
            OUT.println("moto_server       " + moto.endpoint());
            OUT.println("HF Jobs emulator  " + hub.endpoint() + "  (jobs: 3 s SCHEDULING, 6 s RUNNING, then COMPLETED)");
            status = new Story(SamTemplate.load(template), events, moto.endpoint(), hub).run();
        }
        System.exit(status);
    }

    /** One run of the story against started emulators. */
    static final class Story {
        private final SamTemplate template;
        private final Path events;
        private final URI moto;
        private final HfJobsEmulator hub;
        private final AwsClients aws;
        private final Resources resources;
        private final Instant start = Instant.now();
        private final List<Timeline.Arrival> arrivals = new ArrayList<>();

        Story(SamTemplate template, Path events, URI moto, HfJobsEmulator hub) {
            this.template = template;
            this.events = events;
            this.moto = moto;
            this.hub = hub;
            this.aws = AwsClients.forEndpoint(moto, Region.US_EAST_1,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
            this.resources = new Resources(template, aws);
        }

        int run() throws IOException {
            Overrides overrides = resources.create(Overrides.fromEnvFile(events.resolve("env.json")), moto,
                    hub.endpoint(), TOKEN);
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

        private void play(Map<String, LocalInvoke> functions) throws IOException {
            step("ApiFunction: POST /jobs (events/api-submit-v2.json)", functions.get("ApiFunction"),
                    read("api-submit-v2.json"));
            step("QueueSubmitFunction: a batch received from the submit queue", functions.get("QueueSubmitFunction"),
                    sqsBatchThroughTheQueue());
            step("HardwareCatalogFunction: the hourly schedule", functions.get("HardwareCatalogFunction"),
                    read("schedule-catalog.json"));
            String poll = read("schedule-poller.json");
            Instant until = Instant.now().plus(Duration.ofSeconds(45));
            while (Instant.now().isBefore(until)) {
                step("StatusPollerFunction: the minute schedule", functions.get("StatusPollerFunction"), poll);
                if (hub.jobs().stream().allMatch(j -> j.stage().equals("COMPLETED")) && completedEvents() >= hub.jobs()
                        .size()) {
                    return;
                }
                sleep(Duration.ofSeconds(2));
            }
        }

        private void step(String title, LocalInvoke function, String event) {
            InvokeResult result = function.invoke(event);
            collect(Duration.ZERO);
            OUT.printf("%n== %s%n   %s%n   -> %s%n", title, result.reportLine().replace('\t', ' '),
                    abbreviate(result.payload()));
            if (result.isError()) {
                OUT.println(result.logs());
            }
        }

        /**
         * The sample batch's messages sent to the real submit queue and received back, turned into
         * the event Lambda's SQS poller would hand the function.
         */
        private String sqsBatchThroughTheQueue() throws IOException {
            JsonNode sample = Wire.parse(read("sqs-batch.json"));
            String queueUrl = resources.submitQueueUrl();
            for (JsonNode record : sample.path("Records")) {
                Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes = new HashMap<>();
                record.path("messageAttributes").properties().forEach(a -> attributes.put(a.getKey(),
                        software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String")
                                .stringValue(a.getValue().path("stringValue").asText()).build()));
                aws.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(record.path("body").asText())
                        .messageAttributes(attributes));
            }
            List<Message> received = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").attributeNamesWithStrings("All").waitTimeSeconds(1)).messages();
            return Wire.write(SqsEvents.of(received, resources.submitQueueArn()));
        }

        private int completedEvents() {
            return (int) arrivals.stream().filter(a -> a.event().at("/detail/stage").asText().equals("COMPLETED"))
                    .count();
        }

        private void collect(Duration wait) {
            Instant until = Instant.now().plus(wait);
            do {
                List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(resources.timelineQueueUrl())
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                messages.forEach(m -> {
                    arrivals.add(new Timeline.Arrival(Instant.now(), Wire.parse(m.body())));
                    aws.sqs().deleteMessage(b -> b.queueUrl(resources.timelineQueueUrl()).receiptHandle(m.receiptHandle()));
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
