package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.SlowProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The hand-made GetParameter against moto, and against the SDK's own {@code ssm} client: the same
 * request, signed by the same signer over the same headers (moto does not check signatures, so the
 * comparison with the SDK is what proves the signature right).
 */
class SsmParameterStoreTest {
    static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([^,]+)");
    static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[0-9]{8}/([^,]+),");
    final MotoServer moto = MotoServer.get();
    final String name = "/hf-jobs/store-" + UUID.randomUUID();

    SsmParameterStore store(URI endpoint) {
        return new SsmParameterStore(UrlConnectionHttpClient.create(), MotoServer.CREDENTIALS, MotoServer.REGION,
                endpoint);
    }

    @Test
    void readsASecureStringDecryptedAndSaysWhatItIs() {
        moto.ssm().putParameter(b -> b.name(name).value("v-1").type(ParameterType.SECURE_STRING));
        moto.ssm().putParameter(b -> b.name(name + "-plain").value("p").type(ParameterType.STRING));

        assertThat(store(moto.endpoint()).getParameter(name, Duration.ofSeconds(3)))
                .isEqualTo(new SsmParameterStore.Answer.Parameter("SecureString", "v-1"));
        assertThat(store(moto.endpoint()).getParameter(name + "-plain", Duration.ofSeconds(3)))
                .isEqualTo(new SsmParameterStore.Answer.Parameter("String", "p"));
        assertThat(store(moto.endpoint()).getParameter(name + "-none", Duration.ofSeconds(3)))
                .isEqualTo(new SsmParameterStore.Answer.Failed("ParameterNotFound", false));
    }

    @Test
    void theRequestIsTheOneTheSdksOwnClientSigns() {
        moto.ssm().putParameter(b -> b.name(name).value("v").type(ParameterType.SECURE_STRING));
        AtomicReference<SdkHttpRequest> sdk = new AtomicReference<>();
        AtomicReference<String> sdkBody = new AtomicReference<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sdk.set(context.httpRequest());
                context.requestBody().ifPresent(body -> sdkBody.set(read(body.contentStreamProvider().newStream())));
            }
        };
        moto.ssm(capture).getParameter(b -> b.name(name).withDecryption(true));

        HttpExecuteRequest ours = store(moto.endpoint()).signed(name);
        SdkHttpRequest mine = ours.httpRequest();
        assertThat(mine.method()).isEqualTo(sdk.get().method());
        assertThat(mine.getUri()).isEqualTo(sdk.get().getUri());
        for (String header : Set.of("Content-Type", "X-Amz-Target", "Content-Length")) {
            assertThat(mine.firstMatchingHeader(header)).as(header).isEqualTo(sdk.get().firstMatchingHeader(header));
        }
        assertThat(Wire.parse(read(ours.contentStreamProvider().orElseThrow().newStream())))
                .isEqualTo(Wire.parse(sdkBody.get()));
        String myAuth = mine.firstMatchingHeader("Authorization").orElseThrow();
        String sdkAuth = sdk.get().firstMatchingHeader("Authorization").orElseThrow();
        assertThat(myAuth).startsWith("AWS4-HMAC-SHA256 ");
        assertThat(group(SCOPE, myAuth)).isEqualTo(group(SCOPE, sdkAuth)).isEqualTo("us-east-1/ssm/aws4_request");
        Set<String> mySigned = new TreeSet<>(Set.of(group(SIGNED_HEADERS, myAuth).split(";")));
        Set<String> sdkSigned = new TreeSet<>(Set.of(group(SIGNED_HEADERS, sdkAuth).split(";")));
        assertThat(mySigned).contains("host", "x-amz-date", "x-amz-target", "content-type")
                .isSubsetOf(sdkSigned);
    }

    @Test
    void aSilentServiceIsTransientWithinTheTimeout() {
        try (SlowProxy proxy = SlowProxy.to(moto.endpoint())) {
            proxy.slow("ssm", Duration.ofSeconds(5));
            long start = System.nanoTime();
            SsmParameterStore.Answer answer = store(proxy.endpoint()).getParameter(name, Duration.ofMillis(500));

            assertThat(answer).isInstanceOf(SsmParameterStore.Answer.Failed.class)
                    .satisfies(a -> assertThat(((SsmParameterStore.Answer.Failed) a).isTransient()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void endpointFollowsTheSdksOwnVariables() {
        assertThat(SsmParameterStore.endpoint(Map.of(), Region.EU_WEST_1))
                .isEqualTo(URI.create("https://ssm.eu-west-1.amazonaws.com"));
        assertThat(SsmParameterStore.endpoint(Map.of(), Region.CN_NORTH_1))
                .isEqualTo(URI.create("https://ssm.cn-north-1.amazonaws.com.cn"));
        assertThat(SsmParameterStore.endpoint(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), Region.US_EAST_1))
                .isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(SsmParameterStore.endpoint(Map.of("AWS_ENDPOINT_URL", "http://a:1", "AWS_ENDPOINT_URL_SSM",
                "http://b:2"), Region.US_EAST_1)).isEqualTo(URI.create("http://b:2"));
        assertThat(SsmParameterStore.endpoint(Map.of("AWS_ENDPOINT_URL", "http://a:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), Region.US_EAST_1))
                .isEqualTo(URI.create("https://ssm.us-east-1.amazonaws.com"));
    }

    static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(pattern + " in " + text).isTrue();
        return m.group(1);
    }

    static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
