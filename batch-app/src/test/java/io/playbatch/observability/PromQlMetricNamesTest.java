package io.playbatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void histogramQuantileNamesTheBucketSeriesOnly() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.95, sum by (le, type) "
                + "(rate(playbatch_task_duration_seconds_bucket{outcome=\"ok\", playbook=~\"$playbook\"}"
                + "[$__rate_interval])))"))
                .containsExactly("playbatch_task_duration_seconds_bucket");
    }

    @Test
    void bothSidesOfABinaryOperationAreNamed() {
        assertThat(PromQlMetricNames.of("max(playbatch_queue_depth{state=\"ready\"}) > 0 and "
                + "max(playbatch_queue_depth{state=\"leased\"}) == 0 or on (job) absent(playbatch_executions_running)"))
                .containsExactly("playbatch_queue_depth", "playbatch_executions_running");
    }

    @Test
    void ratiosOfSumAndCountNameBothSeries() {
        assertThat(PromQlMetricNames.of("sum by (spring_batch_job_name) (rate(spring_batch_job_seconds_sum[5m]))"
                + " / sum without (instance) (rate(spring_batch_job_seconds_count[1h] offset 1d))"))
                .containsExactly("spring_batch_job_seconds_sum", "spring_batch_job_seconds_count");
    }
}
