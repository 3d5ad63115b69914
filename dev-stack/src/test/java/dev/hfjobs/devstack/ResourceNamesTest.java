package dev.hfjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {

    @Test
    void uniqueNamesShareAStemPerStackAndDifferAcrossStacks() {
        ResourceNames one = ResourceNames.unique("t");
        ResourceNames two = ResourceNames.unique("t");

        assertThat(one.physicalName("SubmitDeadLetterQueue")).matches("t-\\d+-[0-9a-f]{8}-submit-dead-letter-queue");
        assertThat(one.physicalName("JobsTable")).startsWith(one.physicalName("X").replace("-x", ""));
        assertThat(one.physicalName("JobsTable")).isNotEqualTo(two.physicalName("JobsTable"));
    }

    @Test
    void logicalIdsBecomeKebabCase() {
        assertThat(Names.kebab("HfTokenSecretId")).isEqualTo("hf-token-secret-id");
        assertThat(Names.kebab("HTTPApiAccessLogGroup")).isEqualTo("http-api-access-log-group");
        assertThat(Names.withoutTypeWord("SubmitQueue")).isEqualTo("Submit");
        assertThat(Names.withoutTypeWord("Queue")).isEqualTo("Queue");
    }

    @Test
    void aUrlOrAnArnNamesByItsLastPart() {
        assertThat(Names.lastPart("http://127.0.0.1:5000/123456789012/hf-jobs-submit-dlq")).isEqualTo("hf-jobs-submit-dlq");
        assertThat(Names.lastPart("arn:aws:events:us-east-1:123456789012:event-bus/hf-jobs")).isEqualTo("hf-jobs");
        assertThat(Names.lastPart("hf-jobs/token")).isEqualTo("hf-jobs/token");
    }
}
