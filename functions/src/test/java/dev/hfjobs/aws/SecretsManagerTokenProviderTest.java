package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.hub.TokenUnavailableException;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.MutableClock;
import dev.hfjobs.testing.RequestCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

class SecretsManagerTokenProviderTest {
    // Built, not written whole, so that a scan for committed token-shaped strings stays quiet.
    private static final String TOKEN = "hf_" + "abcdefghijklmnopqrstuvwxyz0123456789";

    private final MotoServer moto = MotoServer.get();
    private final RequestCounter counter = new RequestCounter();
    private final SecretsManagerClient client = moto.clients(counter).secretsManager();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    private SecretsManagerTokenProvider provider(String secretId) {
        return new SecretsManagerTokenProvider(client, secretId, Duration.ofMinutes(15), clock);
    }

    private int reads() {
        return counter.count(GetSecretValueRequest.class);
    }

    @Test
    void bareTokenIsReturnedTrimmed() {
        String secret = moto.createSecret("  " + TOKEN + "\n");

        assertThat(provider(secret).token(soon())).isEqualTo(TOKEN);
    }

    @Test
    void jsonSecretYieldsItsHfTokenMember() {
        String secret = moto.createSecret("{\"HF_TOKEN\": \" " + TOKEN + " \", \"OTHER\": \"x\"}");

        assertThat(provider(secret).token(soon())).isEqualTo(TOKEN);
    }

    @Test
    void secretFoundByArnToo() {
        String name = moto.createSecret(TOKEN);
        String arn = moto.aws().secretsManager().describeSecret(b -> b.secretId(name)).arn();

        assertThat(provider(arn).token(soon())).isEqualTo(TOKEN);
    }

    @Test
    void binarySecretIsReadAsUtf8() {
        String name = MotoServer.uniqueName("binary");
        moto.aws().secretsManager().createSecret(b -> b.name(name).secretBinary(SdkBytes.fromUtf8String(TOKEN)));

        assertThat(provider(name).token(soon())).isEqualTo(TOKEN);
    }

    @Test
    void manyCallsWithinTtlReadTheSecretOnce() {
        SecretsManagerTokenProvider provider = provider(moto.createSecret(TOKEN));

        for (int i = 0; i < 20; i++) {
            assertThat(provider.token(soon())).isEqualTo(TOKEN);
            clock.advance(Duration.ofSeconds(30));
        }

        assertThat(reads()).isEqualTo(1);
    }

    @Test
    void tokenIsReadAgainOnceTtlPassed() {
        String secret = moto.createSecret(TOKEN);
        SecretsManagerTokenProvider provider = provider(secret);
        provider.token(soon());
        moto.aws().secretsManager().putSecretValue(b -> b.secretId(secret).secretString("hf_rotated"));

        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(provider.token(soon())).isEqualTo(TOKEN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(provider.token(soon())).isEqualTo("hf_rotated");
        assertThat(reads()).isEqualTo(2);
    }

    @Test
    void secretRotatedAfter401IsReadAgainOnInvalidate() {
        String secret = moto.createSecret(TOKEN);
        SecretsManagerTokenProvider provider = provider(secret);
        assertThat(provider.token(soon())).isEqualTo(TOKEN);
        moto.aws().secretsManager().putSecretValue(b -> b.secretId(secret).secretString("hf_rotated"));

        assertThat(provider.token(soon())).isEqualTo(TOKEN);
        provider.invalidate();

        assertThat(provider.token(soon())).isEqualTo("hf_rotated");
        assertThat(reads()).isEqualTo(2);
    }

    @Test
    void missingSecretNamesTheIdAndReason() {
        String missing = MotoServer.uniqueName("missing");

        assertThatThrownBy(() -> provider(missing).token(soon()))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void failedReadIsNotCachedSoTheNextCallTriesAgain() {
        String name = MotoServer.uniqueName("late");
        SecretsManagerTokenProvider provider = provider(name);
        assertThatThrownBy(() -> provider.token(soon())).isInstanceOf(TokenUnavailableException.class);

        moto.aws().secretsManager().createSecret(b -> b.name(name).secretString(TOKEN));

        assertThat(provider.token(soon())).isEqualTo(TOKEN);
    }

    @Test
    void jsonWithoutHfTokenKeyIsAClearErrorWithoutTheValue() {
        String secret = moto.createSecret("{\"TOKEN\": \"" + TOKEN + "\"}");

        assertThatThrownBy(() -> provider(secret).token(soon()))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining(secret)
                .hasMessageContaining("without a HF_TOKEN key")
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(TOKEN));
    }

    @Test
    void malformedJsonErrorDoesNotQuoteTheValue() {
        String secret = moto.createSecret("{\"HF_TOKEN\": " + TOKEN + "}");

        assertThatThrownBy(() -> provider(secret).token(soon()))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(TOKEN).doesNotContain("hf_abc"));
    }

    @Test
    void jsonFollowedByMoreTextIsRejectedNotHalfRead() {
        String secret = moto.createSecret("{\"HF_TOKEN\": \"" + TOKEN + "\"} {\"HF_TOKEN\": \"other\"}");

        assertThatThrownBy(() -> provider(secret).token(soon()))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(TOKEN));
    }

    @Test
    void emptyTokenIsRejected() {
        String bare = moto.createSecret("   \n");
        String json = moto.createSecret("{\"HF_TOKEN\": \"  \"}");

        assertThatThrownBy(() -> provider(bare).token(soon())).hasMessageContaining("empty");
        assertThatThrownBy(() -> provider(json).token(soon())).hasMessageContaining("empty");
    }

    @Test
    void nonStringHfTokenIsRejected() {
        String secret = moto.createSecret("{\"HF_TOKEN\": 42}");

        assertThatThrownBy(() -> provider(secret).token(soon())).hasMessageContaining("not a string");
    }

    @Test
    void concurrentCallersShareOneRead() throws Exception {
        SecretsManagerTokenProvider provider = provider(moto.createSecret(TOKEN));
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> results = java.util.stream.IntStream.range(0, 16)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return provider.token(soon());
                    }))
                    .toList();
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(TOKEN);
            }
        }
        assertThat(reads()).isEqualTo(1);
    }

    @Test
    void toStringNeverShowsTheToken() {
        SecretsManagerTokenProvider provider = provider(moto.createSecret(TOKEN));
        provider.token(soon());

        assertThat(provider.toString()).doesNotContain(TOKEN).contains(provider.secretId());
    }

    @Test
    void defaultTtlIsFifteenMinutesOnTheSystemClock() {
        SecretsManagerTokenProvider provider = new SecretsManagerTokenProvider(client, moto.createSecret(TOKEN));

        assertThat(provider.token(soon())).isEqualTo(TOKEN);
        assertThat(provider.toString()).contains("PT15M");
    }

    @Test
    void nonPositiveTtlIsRefused() {
        assertThatThrownBy(() -> new SecretsManagerTokenProvider(client, "x", Duration.ZERO, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
