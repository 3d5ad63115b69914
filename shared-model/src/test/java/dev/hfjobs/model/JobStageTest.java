package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStageTest {
    @Test
    void terminalStagesAreTheFourTheHubNeverLeaves() {
        assertThat(JobStage.known()).filteredOn(JobStage::isTerminal)
                .containsExactlyInAnyOrder(JobStage.COMPLETED, JobStage.CANCELED, JobStage.ERROR, JobStage.DELETED);
    }

    @Test
    void parsingNormalizesCaseAndKeepsUnknownStages() {
        assertThat(JobStage.of("running")).isEqualTo(JobStage.RUNNING);
        assertThat(JobStage.of("PAUSED").isKnown()).isFalse();
        assertThat(Wire.write(JobStage.of("PAUSED"))).isEqualTo("\"PAUSED\"");
    }

    @Test
    void identifiersRefuseUrlTricks() {
        assertThat(Identifiers.isNamespace("acme-ml")).isTrue();
        assertThat(Identifiers.isNamespace("user_1")).isTrue();
        for (String bad : new String[] {"..", "a/b", "a%2Fb", "a..b", "a--b", "-a", "a.", "", " a", "a?x=1", "ä"}) {
            assertThat(Identifiers.isNamespace(bad)).as(bad).isFalse();
        }
        assertThat(Identifiers.isJobId("687fb701029421ae5549d998")).isTrue();
        assertThat(Identifiers.isJobId("687FB701029421AE5549D998")).isFalse();
        assertThat(Identifiers.isJobId("687fb701029421ae5549d99/")).isFalse();
    }
}
