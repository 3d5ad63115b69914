package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "90.9        | 90",
        "86400       | 86400",
        "1           | 1",
        "1e2         | 100",
        "'\"1.5h\"'  | 5400",
        "'\"0.5m\"'  | 30",
        "'\"0.25d\"' | 21600",
        "'\"10.9s\"' | 10",
        "'\"45\"'    | 45",
        "'\" 45 \"'  | 45",
        "'\"+45\"'   | 45",
        "'\"3600s\"' | 3600",
        "'\"1.1h\"'  | 3960",
        "'\"5.m\"'   | 300",
        "'\".5h\"'   | 1800",
        "'\"1e1m\"'  | 600",
        "'\"12.5m\"' | 750",
    })
    void acceptedAsTheReferenceTruncatesIt(String json, long seconds) {
        assertThat(Timeouts.seconds(Wire.parse(json), "timeout"))
                .isEqualTo(new Validated.Valid<>(Optional.of(seconds)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"true", "false", "-5", "0", "0.5", "\"0s\"", "\"0.4s\"", "\"-1h\"", "\"1.5\"", "\"1.5x\"",
        "\"h\"", "\"\"", "\"abc\"", "\"1,5h\"", "\"NaNh\"", "\"infd\"", "\"1e999s\"", "1e999", "\"4_5\"",
        "[1]", "{\"s\":1}", "\"1.5dd\"", "\"0x10s\"", "3000000000", "\"99999999999999999999\"", "\"30 min\""})
    void rejectedWithTheRule(String json) {
        JsonNode node = json.equals("1e999") ? Wire.mapper().getNodeFactory().numberNode(Double.POSITIVE_INFINITY)
                : Wire.parse(json);
        Validated<?> result = Timeouts.seconds(node, "timeout");
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<?>) result).problems()).singleElement()
                .extracting(Problem::field).isEqualTo("timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null"})
    void absentMeansTheHubsDefault(String json) {
        assertThat(Timeouts.seconds(Wire.parse(json), "timeout")).isEqualTo(new Validated.Valid<>(Optional.empty()));
        assertThat(Timeouts.seconds(null, "timeout")).isEqualTo(new Validated.Valid<>(Optional.empty()));
    }
}
