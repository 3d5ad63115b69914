package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.secrets.SecretReference;
import dev.hfjobs.secrets.SecretRules;
import dev.hfjobs.secrets.SecretValues.Lookup;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.MutableClock;
import dev.hfjobs.testing.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

class AwsSecretValuesTest {
    static final SecretRules RULES = new SecretRules(null, null, "us-east-1", MotoServer.ACCOUNT, "hf-jobs/token");
    final RequestCounter counter = new RequestCounter();
    final AwsClients aws = MotoServer.get().clients(counter);
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final AwsSecretValues values = AwsSecretValues.of(aws, RULES, clock);

    @Test
    void aValueIsReadOncePerMinute() {
        String name = "hf-jobs/cached-" + UUID.randomUUID();
        MotoServer.get().aws().secretsManager().createSecret(b -> b.name(name).secretString("first"));
        SecretReference reference = RULES.check("V", name).orThrow();

        assertThat(values.read(reference, soon())).isEqualTo(new Lookup.Found("first"));
        MotoServer.get().aws().secretsManager().putSecretValue(b -> b.secretId(name).secretString("rotated"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(values.read(reference, soon())).isEqualTo(new Lookup.Found("first"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(values.read(reference, soon())).isEqualTo(new Lookup.Found("rotated"));
        assertThat(counter.count(GetSecretValueRequest.class)).isEqualTo(2);
    }

    @Test
    void failuresAreNotCachedAndNeverQuoteTheService() {
        SecretReference reference = RULES.check("V", "hf-jobs/absent-" + UUID.randomUUID()).orThrow();

        assertThat(values.read(reference, soon())).isEqualTo(new Lookup.Refused("was not found"));
        assertThat(values.read(reference, soon())).isInstanceOf(Lookup.Refused.class);
        assertThat(counter.count(GetSecretValueRequest.class)).isEqualTo(2);
    }

    @Test
    void foundValueDoesNotPrintItself() {
        assertThat(new Lookup.Found("s3cr3t").toString()).doesNotContain("s3cr3t");
    }
}
