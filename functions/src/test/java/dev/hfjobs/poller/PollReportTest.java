package dev.hfjobs.poller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hfjobs.model.Wire;
import org.junit.jupiter.api.Test;

/** The poller's answer is the record as the data-binding mapper writes it, built without the mapper. */
class PollReportTest {
    @Test
    void answerHasEveryComponentInOrderAsTheMapperWritesTheRecord() throws JsonProcessingException {
        PollReport report = new PollReport(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, false);

        assertThat(Wire.write(report.json())).isEqualTo(Wire.mapper().writeValueAsString(report))
                .isEqualTo("{\"tracked\":1,\"namespaces\":2,\"hubCalls\":3,\"changes\":4,\"published\":5,"
                        + "\"unpublished\":6,\"adopted\":7,\"canceled\":8,\"callbacks\":9,\"leftOver\":10,"
                        + "\"skipped\":false}");
        assertThat(Wire.write(PollReport.skippedRun().json()))
                .isEqualTo(Wire.mapper().writeValueAsString(PollReport.skippedRun()));
    }
}
