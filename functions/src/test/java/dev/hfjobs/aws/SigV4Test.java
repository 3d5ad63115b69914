package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The hand-written signer against the SDK's own: the same headers, byte for byte. */
class SigV4Test {
    private static final Instant NOW = Instant.parse("2026-11-30T14:05:09Z");
    private static final byte[] BODY = "{\"TableName\":\"jobs\",\"Key\":{\"pk\":{\"S\":\"job#1\"}}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void basicCredentialsSignLikeTheSdk() {
        assertSameAsSdk(request("https://dynamodb.us-east-1.amazonaws.com"),
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                "us-east-1", "dynamodb");
    }

    @Test
    void sessionCredentialsAddTheTokenAndSignIt() {
        SdkHttpFullRequest signed = assertSameAsSdk(request("https://secretsmanager.eu-west-1.amazonaws.com"),
                AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "token+/="),
                "eu-west-1", "secretsmanager");
        assertThat(signed.firstMatchingHeader("X-Amz-Security-Token")).contains("token+/=");
        assertThat(signed.firstMatchingHeader("Authorization").orElseThrow()).contains("x-amz-security-token");
    }

    @Test
    void aLocalEndpointWithAPortSignsItsHostWithThePort() {
        SdkHttpFullRequest request = request("http://127.0.0.1:5000");
        assertThat(SigV4.host(request)).isEqualTo("127.0.0.1:5000");
        assertSameAsSdk(request, AwsBasicCredentials.create("testing", "testing"), "us-east-1", "events");
    }

    @Test
    void theSchemesDefaultPortIsLeftOutOfTheHost() {
        assertThat(SigV4.host(request("https://events.us-east-1.amazonaws.com:443"))).isEqualTo(
                "events.us-east-1.amazonaws.com");
        assertThat(SigV4.host(request("http://localhost:80"))).isEqualTo("localhost");
    }

    @Test
    void headerValuesAreTrimmedAndTheirSpacesFolded() {
        SdkHttpFullRequest request = request("https://dynamodb.us-east-1.amazonaws.com").toBuilder()
                .putHeader("X-Custom", "  two   spaces  ").build();
        assertSameAsSdk(request, AwsBasicCredentials.create("AKIDEXAMPLE", "secret"), "us-east-1", "dynamodb");
    }

    @Test
    void aKeptSigningKeyIsOnlyUsedForItsOwnDayRegionServiceAndSecret() {
        SdkHttpFullRequest request = request("https://dynamodb.us-east-1.amazonaws.com");
        AwsBasicCredentials first = AwsBasicCredentials.create("AKIDEXAMPLE", "first-secret");
        AwsBasicCredentials rotated = AwsBasicCredentials.create("AKIDEXAMPLE", "rotated-secret");
        for (Instant at : List.of(NOW, NOW.plus(Duration.ofDays(1)), NOW)) {
            for (AwsCredentialsIdentity credentials : List.of(first, rotated)) {
                assertSameAsSdk(request, credentials, "us-east-1", "dynamodb", at);
                assertSameAsSdk(request, credentials, "eu-west-1", "dynamodb", at);
                assertSameAsSdk(request, credentials, "us-east-1", "events", at);
            }
        }
    }

    @Test
    void severalValuesOfAHeaderAreJoinedEachFolded() {
        assertThat(SigV4.canonicalValue(List.of(" a  b ", "c", "\td   e\t"))).isEqualTo("a b,c,d e");
        assertThat(SigV4.canonicalValue(List.of("  ", "x"))).as("an empty value keeps its comma").isEqualTo(",x");
        SdkHttpFullRequest request = request("https://dynamodb.us-east-1.amazonaws.com").toBuilder()
                .appendHeader("X-Custom", " one  value ").appendHeader("X-Custom", "another").build();
        assertSameAsSdk(request, AwsBasicCredentials.create("AKIDEXAMPLE", "secret"), "us-east-1", "dynamodb");
    }

    @Test
    void theDateIsWrittenAsTheSdkWritesIt() {
        DateTimeFormatter sdk = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        for (String at : List.of("2026-01-02T03:04:05Z", "2026-12-31T23:59:59.999Z", "1999-09-09T00:00:00Z",
                "2030-10-10T10:10:10.5Z")) {
            assertThat(SigV4.amzDate(Instant.parse(at))).as(at).isEqualTo(sdk.format(Instant.parse(at)));
        }
    }

    private static SdkHttpFullRequest request(String endpoint) {
        URI uri = URI.create(endpoint);
        return SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri).encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .putHeader("Content-Length", Integer.toString(BODY.length)).build();
    }

    private static SdkHttpFullRequest assertSameAsSdk(SdkHttpFullRequest request, AwsCredentialsIdentity credentials,
            String region, String service) {
        return assertSameAsSdk(request, credentials, region, service, NOW);
    }

    private static SdkHttpFullRequest assertSameAsSdk(SdkHttpFullRequest request, AwsCredentialsIdentity credentials,
            String region, String service, Instant now) {
        SdkHttpFullRequest ours = SigV4.sign(request, BODY, credentials, region, service, now);
        var theirs = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArray(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        assertThat(headers(ours)).isEqualTo(headers(theirs.request()));
        return ours;
    }

    private static Map<String, Object> headers(software.amazon.awssdk.http.SdkHttpRequest request) {
        Map<String, Object> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        return headers;
    }
}
