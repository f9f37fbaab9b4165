package io.playbatch.worker;

import io.playbatch.database.DatabaseOutage;
import io.playbatch.queue.QueueNotifications;
import io.playbatch.queue.QueueProperties;
import io.playbatch.queue.WorkQueue;
import io.playbatch.tasks.TaskRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs one {@link QueueWorker} in this process when {@code playbatch.worker.enabled=true} (off by default in
 * a host application, docs/spring.md; the standalone application turns it on), and not when it is false (a
 * process that only launches jobs, leaving the work to other processes sharing the database).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "playbatch.worker", name = "enabled", havingValue = "true")
    QueueWorker queueWorker(WorkQueue queue, TaskRunner runner, QueueNotifications notifications,
            WorkerProperties properties, QueueProperties queueProperties, DatabaseOutage outage) {
        return new QueueWorker(queue, runner, notifications, properties.settings(queueProperties.pollInterval()),
                WorkerIds.of(properties.instance()), () -> outage.recentlyOut(properties.lease()));
    }
}
