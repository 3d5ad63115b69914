package dev.hfjobs.testing;

import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.devstack.MotoProcess;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.devstack.ResourceNames;
import dev.hfjobs.devstack.StackClients;
import dev.hfjobs.devstack.TemplateResources;
import dev.hfjobs.devstack.TableStream;
import dev.hfjobs.localinvoke.SamTemplate;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One {@code moto_server} per test JVM, started on first use on a free loopback port and stopped
 * when the JVM exits. Tests share it and stay independent by creating uniquely named resources
 * instead of resetting it: the stacks ({@link TestStack}) from template.yaml itself, through
 * dev-stack's {@link TemplateResources}, as {@code scripts/local-up} makes them.
 *
 * <p>The executable is {@code $MOTO_SERVER} when set, else {@code moto_server} on the PATH.
 */
public final class MotoServer {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT = "123456789012";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    // What the functions use; log groups (about 60 % of a stack's creation time) are left out.
    private static final Set<String> STACK_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::SQS::Queue",
            "AWS::Events::EventBus");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile MotoServer instance;

    private final MotoProcess process;
    private final URI endpoint;
    private final EventRecorder recorder = new EventRecorder();
    private final AwsClients clients;
    private final DynamoDbStreamsClient streams;
    private final TemplateResources resources;
    private final TemplateResources tableOnly;

    private MotoServer(MotoProcess process) {
        this.process = process;
        this.endpoint = process.endpoint();
        this.clients = clients();
        this.streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        TemplateResources template = new TemplateResources(SamTemplate.load(ProjectFiles.template()),
                StackClients.forEndpoint(endpoint));
        this.resources = template.only(STACK_TYPES);
        this.tableOnly = template.only(Set.of("AWS::DynamoDB::Table"));
    }

    /** The shared server, started on the first call. */
    public static MotoServer get() {
        MotoServer current = instance;
        if (current == null) {
            synchronized (MotoServer.class) {
                if (instance == null) {
                    instance = start();
                }
                current = instance;
            }
        }
        return current;
    }

    private static MotoServer start() {
        MotoProcess process = MotoProcess.start(0, Path.of("target", "moto-server.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "moto-server-stop"));
        return new MotoServer(process);
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:45678}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Shared clients for the server. */
    public AwsClients aws() {
        return clients;
    }

    /** An SDK SSM client for the server (tests make parameters with it; the functions do not use it). */
    public SsmClient ssm(ExecutionInterceptor... interceptors) {
        return SsmClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors))).build();
    }

    /** Creates template.yaml's tables, queues and bus, under names of their own. */
    public TemplateResources resources() {
        return resources;
    }

    /**
     * New clients for the server, with interceptors (e.g. {@link RequestCounter}) and the
     * {@link EventRecorder} that fills every {@link EventCapture}.
     */
    public AwsClients clients(ExecutionInterceptor... interceptors) {
        return clientsVia(endpoint, interceptors);
    }

    /**
     * Clients that reach this server through {@code via} (e.g. a {@link SlowProxy}), with the
     * {@link EventRecorder} and the given interceptors.
     */
    public AwsClients clientsVia(URI via, ExecutionInterceptor... interceptors) {
        ExecutionInterceptor[] all = new ExecutionInterceptor[interceptors.length + 1];
        all[0] = recorder;
        System.arraycopy(interceptors, 0, all, 1, interceptors.length);
        return AwsClients.forEndpoint(via, REGION, CREDENTIALS, all);
    }

    /** A name no other test uses: {@code prefix-N-random}. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The stream of a table on this server, read from its start. */
    public TableStream stream(String streamArn) {
        return new TableStream(streams, streamArn);
    }

    /** Creates the template's jobs table alone (store adapter tests); returns its name. */
    public String createJobsTable() {
        return tableOnly.create(ResourceNames.unique("t")).table("JobsTable").name();
    }

    /** Creates a secret with a string value; returns its name. */
    public String createSecret(String value) {
        String name = uniqueName("hf-token");
        clients.secretsManager().createSecret(b -> b.name(name).secretString(value));
        return name;
    }

    /** Creates a standard queue, or a FIFO one, outside any stack (adapter tests); returns its URL. */
    public String createQueue(boolean fifo) {
        String name = uniqueName("queue") + (fifo ? ".fifo" : "");
        Map<QueueAttributeName, String> attributes = fifo
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true")
                : Map.of();
        return clients.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /**
     * Creates an event bus outside any stack (adapter tests) whose accepted events a test reads back
     * from the returned capture (recorded on the way out: see {@link EventCapture}).
     */
    public EventCapture createEventBus() {
        String bus = uniqueName("bus");
        clients.eventBridge().createEventBus(b -> b.name(bus));
        return capture(bus);
    }

    /** What is published to {@code bus} from now on, as consumers would receive it. */
    public EventCapture capture(String bus) {
        return recorder.capture(bus);
    }

    /**
     * Adds a rule to {@code bus} that sends every {@code hf.jobs} event to a new queue, as a
     * consumer would; returns the queue's URL. Each event then costs moto ~110 ms: only for tests
     * of the routing itself, with a handful of events.
     */
    public String routeToQueue(String bus) {
        String queueUrl = createQueue(false);
        String queueArn = clients.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String rule = uniqueName("all-hf-jobs");
        clients.eventBridge().putRule(b -> b.name(rule).eventBusName(bus).eventPattern("{\"source\":[\"hf.jobs\"]}"));
        clients.eventBridge().putTargets(b -> b.rule(rule).eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
        return queueUrl;
    }

    /** Forgets every resource in the server ({@code POST /moto-api/reset}). Tests rarely need it. */
    public void reset() {
        process.reset();
    }
}
