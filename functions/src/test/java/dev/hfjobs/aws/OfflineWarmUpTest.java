package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfflineWarmUpTest {
    @Test
    void everyOperationRunsThroughTheSdkOnInMemoryAnswersExceptSqsWhoseChecksumCannotMatch() {
        // {} satisfies every operation but SendMessage, whose MD5 of the body the SDK checks.
        assertThat(OfflineWarmUp.run()).isSubsetOf("SQS SendMessage");
    }
}
