package dev.hfjobs.wiring;

import dev.hfjobs.Deadline;
import dev.hfjobs.FunctionsException;
import dev.hfjobs.access.AccessPolicy;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.aws.AwsSecretValues;
import dev.hfjobs.aws.CloudWatchLogArchive;
import dev.hfjobs.aws.DynamoDbClaims;
import dev.hfjobs.aws.DynamoDbDocuments;
import dev.hfjobs.aws.DynamoDbJobRecords;
import dev.hfjobs.aws.DynamoDbLeases;
import dev.hfjobs.aws.EventBridgePublisher;
import dev.hfjobs.aws.SecretsManagerTokenProvider;
import dev.hfjobs.aws.SfnTaskCallbacks;
import dev.hfjobs.aws.SqsDeadLetterQueue;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.TokenProvider;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.ports.DeadLetterQueueException;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.ports.GroupedPublisher;
import dev.hfjobs.ports.LogArchive;
import dev.hfjobs.ports.TaskCallbacks;
import dev.hfjobs.secrets.JobSecrets;
import dev.hfjobs.secrets.SecretRules;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.Documents;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.Leases;
import dev.hfjobs.submit.NamespaceResolver;
import dev.hfjobs.submit.SubmitPolicy;
import dev.hfjobs.submit.SubmitService;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The parts a function is made of, wired from its environment variables (the names of DESIGN.md).
 * Handlers build it once per container; each part is built when first asked for, so a function
 * pays only for what it uses. Tests build one from explicit parts.
 *
 * @param hub the HF Jobs client
 * @param claims the idempotency claims
 * @param jobs the job records
 * @param documents the stored documents (the hardware catalog)
 * @param leases the leases (the poller's)
 * @param events the event publisher
 * @param deadLetters the queue's dead-letter queue (only the queue function uses it)
 * @param callbacks the callbacks of Step Functions tasks that wait for jobs
 * @param logArchive where finished jobs' logs are copied ({@code JOB_LOG_GROUP}); none when unset
 * @param namespaces the default namespace
 * @param maxJobCostUsd {@code MAX_JOB_COST_USD}: the most a job may cost at worst; null for no limit
 * @param secrets reads job secret references ({@code JOB_SECRETS_*}: what they may name)
 * @param access {@code ACCESS_POLICY}: which caller may do what in which namespace on the API
 * @param clock the clock
 */
public record Wiring(HfJobsClient hub, Claims claims, JobRecords jobs, Documents documents, Leases leases,
        EventPublisher events, DeadLetterQueue deadLetters, TaskCallbacks callbacks, LogArchive logArchive,
        NamespaceResolver namespaces, BigDecimal maxJobCostUsd, JobSecrets secrets, AccessPolicy access,
        Clock clock) {

    /** The default Hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** The submit service over these parts. */
    public SubmitService submitService() {
        return submitService(catalog());
    }

    /** The submit service over these parts, checking requests against {@code catalog} (shared with routes). */
    public SubmitService submitService(CatalogSource catalog) {
        return new SubmitService(hub, claims, jobs, events, callbacks, namespaces, new SubmitPolicy(catalog,
                maxJobCostUsd), secrets, clock);
    }

    /** These parts with another event publisher (tests: a flaky one). */
    public Wiring withEvents(EventPublisher other) {
        return new Wiring(hub, claims, jobs, documents, leases, other, deadLetters, callbacks, logArchive, namespaces,
                maxJobCostUsd, secrets, access, clock);
    }

    /** These parts with other task callbacks (tests: Step Functions throttling or failing). */
    public Wiring withCallbacks(TaskCallbacks other) {
        return new Wiring(hub, claims, jobs, documents, leases, events, deadLetters, other, logArchive, namespaces,
                maxJobCostUsd, secrets, access, clock);
    }

    /** These parts with another reader of job secret references (tests: a secret store that is down). */
    public Wiring withSecrets(JobSecrets other) {
        return new Wiring(hub, claims, jobs, documents, leases, events, deadLetters, callbacks, logArchive, namespaces,
                maxJobCostUsd, other, access, clock);
    }

    /** These parts with another access policy (tests: the hostile-caller suite). */
    public Wiring withAccess(AccessPolicy other) {
        return new Wiring(hub, claims, jobs, documents, leases, events, deadLetters, callbacks, logArchive, namespaces,
                maxJobCostUsd, secrets, other, clock);
    }

    /** These parts with another clock. */
    public Wiring withClock(Clock other) {
        return new Wiring(hub, claims, jobs, documents, leases, events, deadLetters, callbacks, logArchive, namespaces,
                maxJobCostUsd, secrets, access, other);
    }

    /** The hardware catalog as stored by the catalog function, else the Hub's. */
    public CatalogSource catalog() {
        return new CatalogSource(documents, hub, clock);
    }

    /** Wires the real clients from the process environment. */
    public static Wiring fromEnvironment() {
        return fromEnvironment(System.getenv(), AwsClients.fromEnvironment());
    }

    /** Wires real clients from the given variables and AWS clients. */
    public static Wiring fromEnvironment(Map<String, String> env, AwsClients aws) {
        TokenProvider tokens = new SecretsManagerTokenProvider(aws.secretsManager(), required(env, "HF_TOKEN_SECRET_ID"));
        HfJobsClient hub = HfJobsClient.builder().endpoint(URI.create(optional(env, "HF_ENDPOINT")
                .orElse(DEFAULT_ENDPOINT))).tokens(tokens).build();
        DeadLetterQueue deadLetters = optional(env, "SUBMIT_DLQ_URL")
                .<DeadLetterQueue>map(url -> new SqsDeadLetterQueue(aws.sqs(), url))
                .orElse(MissingDeadLetterQueue.INSTANCE);
        String table = required(env, "JOBS_TABLE_NAME");
        return new Wiring(hub, new DynamoDbClaims(aws.dynamoDb(), table), new DynamoDbJobRecords(aws.dynamoDb(), table),
                new DynamoDbDocuments(aws.dynamoDb(), table), new DynamoDbLeases(aws.dynamoDb(), table),
                new GroupedPublisher(new EventBridgePublisher(aws.eventBridge(), required(env, "EVENT_BUS_NAME"))),
                deadLetters, new SfnTaskCallbacks(aws::stepFunctions), logArchive(env, aws),
                new NamespaceResolver(optional(env, "HF_NAMESPACE"), hub), maxCost(env), secrets(env, aws),
                AccessPolicy.fromEnvironment(env), Clock.systemUTC());
    }

    /** Job secret references: what {@code JOB_SECRETS_*} allows, read through clients built on first use. */
    private static JobSecrets secrets(Map<String, String> env, AwsClients aws) {
        SecretRules rules = SecretRules.fromEnvironment(env, aws.region().id());
        return new JobSecrets(rules, AwsSecretValues.of(aws, rules, Clock.systemUTC()));
    }

    /** {@code JOB_LOG_GROUP}: finished jobs' logs are copied there; unset, nothing is copied. */
    private static LogArchive logArchive(Map<String, String> env, AwsClients aws) {
        return optional(env, "JOB_LOG_GROUP").<LogArchive>map(group -> new CloudWatchLogArchive(aws::logs, group,
                Clock.systemUTC())).orElse(LogArchive.NONE);
    }

    private static BigDecimal maxCost(Map<String, String> env) {
        return optional(env, "MAX_JOB_COST_USD").map(value -> {
            try {
                BigDecimal max = new BigDecimal(value);
                if (max.signum() > 0) {
                    return max;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new FunctionsException("MAX_JOB_COST_USD must be a positive number of US dollars");
        }).orElse(null);
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new FunctionsException(
                "environment variable " + name + " is not set; see template.yaml for its meaning"));
    }

    /** For functions that never set a message aside: refuses, so nothing is silently dropped. */
    private enum MissingDeadLetterQueue implements DeadLetterQueue {
        INSTANCE;

        @Override
        public void send(String body, Map<String, String> reasonAttributes, Deadline deadline) {
            throw new DeadLetterQueueException("SUBMIT_DLQ_URL is not set: cannot set a message aside");
        }
    }
}
