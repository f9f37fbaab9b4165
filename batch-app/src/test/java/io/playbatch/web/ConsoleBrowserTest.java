package io.playbatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.ThreeCalls;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance test 3 of issue 6, in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, installed by {@code ops/ci/install-chromium}): open the console, filter
 * to FAILED, open the failed execution, see its Gantt chart and the failing step's error, fix the
 * target, press Restart, confirm, and watch the new execution reach COMPLETED. Screenshots of each
 * stage go to {@code target/screenshots/}. And acceptance test 3 of issue 14: see a playbook's graph,
 * launch it from its form with changed values, watch it complete (its graph now coloured by status),
 * and filter its event log by type and step. Skipped, saying why, only when the binaries are missing.
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    private final LocalHttpStub stub = ThreeCalls.failingAtThree();

    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; run ops/ci/install-chromium"
                        + " (apt-get install chromium chromium-driver) first");
        profile = Files.createTempDirectory("playbatch-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1300", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        stub.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void operatorFiltersToFailedSeesTheErrorInTheGanttAndRestartsToCompletion() throws Exception {
        RunSummary completed = operations.start(Path.of("../job-configs/examples/hello.yaml"), Map.of());
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK,
                Map.of("base_url", stub.baseUrl()));
        assertThat(failed.status()).isEqualTo("FAILED");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get("http://127.0.0.1:" + port + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/executions");
        assertThat(rowIds()).contains(String.valueOf(completed.executionId()), String.valueOf(failed.executionId()));
        screenshot("1-list");

        new Select(browser.findElement(By.id("status-filter"))).selectByValue("FAILED");
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.urlContains("status=FAILED"));
        assertThat(rowIds()).containsExactly(String.valueOf(failed.executionId()));
        assertThat(browser.findElements(By.cssSelector("#executions .badge"))).extracting(WebElement::getText)
                .containsOnly("FAILED");
        screenshot("2-list-failed");

        browser.findElement(By.linkText(String.valueOf(failed.executionId()))).click();
        wait.until(ExpectedConditions.textToBe(By.id("execution-id"), String.valueOf(failed.executionId())));
        assertThat(browser.findElement(By.id("execution-status")).getText()).isEqualTo("FAILED");
        List<WebElement> bars = browser.findElements(By.cssSelector("#gantt rect.bar"));
        assertThat(bars).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElements(By.cssSelector("#gantt rect.bar.status-failed"))).hasSize(1);
        WebElement threeRow = browser.findElement(By.cssSelector("#steps tr[data-step='three']"));
        assertThat(threeRow.findElement(By.cssSelector(".step-error")).getText()).contains("answered 500")
                .contains("target down");
        screenshot("3-detail-gantt");

        ThreeCalls.repair(stub);
        browser.findElement(By.id("restart-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-button")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Restart execution " + failed.executionId());
        screenshot("4-confirm");

        browser.findElement(By.id("confirm-button")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/executions/" + failed.executionId())));
        // The new execution's page refreshes itself while it runs; wait for it to show the end.
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("execution-status"), "COMPLETED"));
        assertThat(browser.findElement(By.id("restart-of")).getText()).isEqualTo("execution " + failed.executionId());
        assertThat(browser.findElement(By.cssSelector("#steps tr[data-step='one']")).getAttribute("data-status"))
                .isEqualTo("reused");
        assertThat(browser.findElement(By.cssSelector("#steps tr[data-step='three']")).getAttribute("data-status"))
                .isEqualTo("completed");
        assertThat(stub.calls("/one")).isOne();
        assertThat(stub.calls("/three")).isEqualTo(2);
        screenshot("5-completed");

        browser.findElement(By.linkText("tests/three_calls")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("statistics")));
        assertThat(browser.findElements(By.cssSelector("#history tbody tr"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("#statistics tr[data-step='three'] td.num")).getText())
                .isEqualTo("1");
        screenshot("6-playbook");
    }

    @Test
    void operatorLaunchesFromTheFormSeesTheGraphAndFiltersTheEventLog() throws Exception {
        operations.register(Path.of("src/test/resources/playbooks/launchable.yaml"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get("http://127.0.0.1:" + port + "/playbooks/tests/launchable");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("graph")));
        assertThat(browser.findElements(By.cssSelector("#graph .graph-node"))).extracting(e -> e.getAttribute("data-step"))
                .containsExactly("start", "say", "end");
        assertThat(browser.findElements(By.cssSelector("#graph .graph-link"))).hasSize(2);
        screenshot("7-playbook-graph");

        browser.findElement(By.id("launch-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("launch-form")));
        WebElement greeting = browser.findElement(By.id("w.greeting"));
        assertThat(greeting.getAttribute("value")).isEqualTo("hello");
        greeting.clear();
        greeting.sendKeys("bonjour");
        WebElement times = browser.findElement(By.id("w.times"));
        times.clear();
        times.sendKeys("3");
        new Select(browser.findElement(By.id("w.loud"))).selectByValue("true");
        screenshot("8-launch-form");

        browser.findElement(By.id("launch-button")).click();
        wait.until(ExpectedConditions.urlMatches("/executions/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("execution-status"), "COMPLETED"));
        long executionId = Long.parseLong(browser.findElement(By.id("execution-id")).getText());
        assertThat(operations.execution(executionId).result()).isEqualTo(Map.of("greeting", "bonjour", "times", 3,
                "loud", true, "options", Map.of("colour", "blue")));
        assertThat(browser.findElement(By.cssSelector("#graph .graph-node[data-step='say']")).getAttribute("data-status"))
                .isEqualTo("completed");
        screenshot("9-launched");

        new Select(browser.findElement(By.id("event-type"))).selectByValue("step_completed");
        browser.findElement(By.id("event-filter-button")).click();
        wait.until(ExpectedConditions.urlContains("type=step_completed"));
        List<WebElement> completedSteps = browser.findElements(By.cssSelector("#events tbody tr"));
        assertThat(completedSteps).hasSizeGreaterThanOrEqualTo(2).allSatisfy(row ->
                assertThat(row.getAttribute("data-type")).isEqualTo("step_completed"));

        new Select(browser.findElement(By.id("event-step"))).selectByValue("say");
        browser.findElement(By.id("event-filter-button")).click();
        wait.until(ExpectedConditions.urlContains("step=say"));
        assertThat(browser.findElements(By.cssSelector("#events tbody tr"))).singleElement()
                .satisfies(row -> assertThat(row.getAttribute("data-step")).isEqualTo("say"));
        screenshot("10-events-filtered");
    }

    private List<String> rowIds() {
        return browser.findElements(By.cssSelector("#executions tbody tr")).stream()
                .map(row -> row.getAttribute("data-execution-id")).toList();
    }

    private void screenshot(String name) throws IOException {
        Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
