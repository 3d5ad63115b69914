package dev.hfjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Metrics.Metric;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.model.Wire;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and alarms of template.yaml against what the functions emit: every HfJobs metric they
 * name exists under the dimensions they use, so a renamed metric or dimension fails here rather than
 * leaving an empty graph or an alarm that never fires.
 */
class MonitoringTemplateTest {
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!]+)}");
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{HfJobs((?:,\\w+)*)} MetricName=\"(\\w+)\"");
    private final SamTemplate template = SamTemplate.load(ProjectFiles.template());

    /** A metric as the template names it: name and dimension names. */
    record Named(String where, String name, Set<String> dimensions) {}

    JsonNode dashboard() {
        JsonNode resource = template.resources("AWS::CloudWatch::Dashboard").get("Dashboard");
        String body = resource.path("Properties").path("DashboardBody").path("Fn::Sub").asText();
        Matcher names = SUB.matcher(body);
        StringBuilder resolved = new StringBuilder();
        while (names.find()) {
            String name = names.group(1);
            String base = name.split("\\.")[0];
            assertThat(name.startsWith("AWS::") || template.parameterDefault(base).isPresent()
                    || resourceExists(base)).as("${%s} names something", name)
                    .isTrue();
            names.appendReplacement(resolved, template.parameterDefault(base).orElse("x-" + base));
        }
        names.appendTail(resolved);
        return Wire.parse(resolved.toString());
    }

    /** A resource the dashboard may name: a function or a queue. */
    boolean resourceExists(String logicalId) {
        return template.functionIds().contains(logicalId)
                || template.resources("AWS::SQS::Queue").containsKey(logicalId);
    }

    List<Named> dashboardMetrics() {
        List<Named> named = new ArrayList<>();
        for (JsonNode widget : dashboard().path("widgets")) {
            String title = widget.at("/properties/title").asText();
            for (JsonNode metric : widget.at("/properties/metrics")) {
                Matcher search = SEARCH.matcher(metric.path(0).path("expression").asText());
                if (search.find()) {
                    named.add(new Named(title, search.group(2), dimensionsOf(search.group(1))));
                } else if (metric.path(0).asText().equals(Metrics.NAMESPACE)) {
                    Set<String> dimensions = new TreeSet<>();
                    for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                        dimensions.add(metric.get(i).asText());
                    }
                    named.add(new Named(title, metric.path(1).asText(), dimensions));
                }
            }
        }
        return named;
    }

    static Set<String> dimensionsOf(String commaList) {
        Set<String> dimensions = new TreeSet<>(List.of(commaList.split(",")));
        dimensions.remove("");
        return dimensions;
    }

    List<Named> alarmMetrics() {
        List<Named> named = new ArrayList<>();
        template.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            JsonNode properties = alarm.path("Properties");
            if (properties.path("Namespace").asText().equals(Metrics.NAMESPACE)) {
                named.add(new Named(id, properties.path("MetricName").asText(), dimensionNames(properties)));
            }
            for (JsonNode query : properties.path("Metrics")) {
                JsonNode metric = query.at("/MetricStat/Metric");
                if (metric.path("Namespace").asText().equals(Metrics.NAMESPACE)) {
                    named.add(new Named(id, metric.path("MetricName").asText(), dimensionNames(metric)));
                }
            }
        });
        return named;
    }

    static Set<String> dimensionNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.path("Dimensions").forEach(d -> names.add(d.path("Name").asText()));
        return names;
    }

    static boolean emitted(Named named) {
        return List.of(Metric.values()).stream().anyMatch(m -> m.metricName().equals(named.name())
                && m.dimensionSets().stream().anyMatch(set -> Set.copyOf(set).equals(named.dimensions())));
    }

    @Test
    void everyHfJobsMetricOfTheDashboardAndAlarmsIsEmittedUnderThoseDimensions() {
        List<Named> named = new ArrayList<>(dashboardMetrics());
        named.addAll(alarmMetrics());

        assertThat(named).isNotEmpty().allSatisfy(n -> assertThat(emitted(n))
                .as("%s: %s by %s is a metric the functions emit under those dimensions", n.where(), n.name(),
                        n.dimensions()).isTrue());
    }

    @Test
    void theDashboardShowsEveryMetricTheFunctionsEmit() {
        Set<String> shown = new HashSet<>();
        dashboardMetrics().forEach(n -> shown.add(n.name()));

        assertThat(shown).containsExactlyInAnyOrderElementsOf(List.of(Metric.values()).stream()
                .map(Metric::metricName).toList());
    }

    @Test
    void theDashboardShowsEachFunctionsErrorsAndDurationAndTheDeadLetterDepth() {
        List<String> lambda = new ArrayList<>();
        List<String> queues = new ArrayList<>();
        for (JsonNode widget : dashboard().path("widgets")) {
            for (JsonNode metric : widget.at("/properties/metrics")) {
                if (metric.path(0).asText().equals("AWS/Lambda")) {
                    lambda.add(metric.path(1).asText() + " " + metric.path(3).asText());
                } else if (metric.path(0).asText().equals("AWS/SQS")) {
                    queues.add(metric.path(1).asText() + " " + metric.path(3).asText());
                }
            }
            assertThat(widget.path("x").asInt() + widget.path("width").asInt()).isLessThanOrEqualTo(24);
        }

        for (String function : template.functionIds()) {
            assertThat(lambda).contains("Errors x-" + function, "Duration x-" + function);
        }
        assertThat(queues).containsExactly("ApproximateNumberOfMessagesVisible x-SubmitDeadLetterQueue",
                "ApproximateNumberOfMessagesVisible x-EventOutboxDeadLetterQueue");
    }

    @Test
    void alarmsWatchFailuresThrottlingLagAndSpendAndTheSpendAlarmIsOffUntilGivenAThreshold() {
        Map<String, JsonNode> alarms = template.resources("AWS::CloudWatch::Alarm");

        assertThat(alarmMetrics()).extracting(Named::name).contains("SubmissionsFailed", "JobsSubmitted",
                "HubThrottled", "PollerLagSeconds", "EstimatedCostUSD");
        assertThat(alarms).containsKeys("SubmitDeadLetterQueueAlarm", "SubmissionFailureRateAlarm",
                "HubThrottledAlarm", "PollerLagAlarm", "DailySpendAlarm");
        assertThat(alarms.get("DailySpendAlarm").path("Condition").asText()).isEqualTo("HasSpendAlarm");
        assertThat(alarms.get("DailySpendAlarm").at("/Properties/Period").asInt()).isEqualTo(86_400);
        assertThat(template.condition("HasSpendAlarm", Overrides.none())).contains(false);
        assertThat(template.condition("HasSpendAlarm", Overrides.none().withParameters(Map.of(
                "DailySpendAlarmUsd", "250")))).contains(true);
    }
}
