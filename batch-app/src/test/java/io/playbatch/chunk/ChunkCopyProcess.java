package io.playbatch.chunk;

import io.playbatch.PlaybatchApplication;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The child JVM of {@link ChunkRestartTest}: runs one playbook against the database it is given
 * ({@code <jdbc url> <user> <playbook file>}) until it finishes, or until the test kills it.
 */
public final class ChunkCopyProcess {

    private ChunkCopyProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("playbatch.db.url", args[0]);
        properties.put("playbatch.db.user", args[1]);
        // The chunk step runs in this process; no task goes through the queue.
        properties.put("playbatch.worker.enabled", "false");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE).properties(properties).logStartupInfo(false).run()) {
            RunSummary run = context.getBean(OperationsService.class).start(Path.of(args[2]), Map.of());
            System.out.println("child run finished: " + run.status());
        }
    }
}
