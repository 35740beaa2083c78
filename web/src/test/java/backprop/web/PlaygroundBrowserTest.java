package backprop.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver): draw digits stroke by
 * stroke with the pointer, read the answer off the page, then look at the test set, the weights, and
 * a short training run. Screenshots go to {@code web/target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundBrowserTest {
    /** Debian's paths; {@code -Dbackprop.chromium=...} and {@code -Dwebdriver.chrome.driver=...} point elsewhere. */
    static final Path CHROMIUM = Path.of(System.getProperty("backprop.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path directory;
    @TempDir
    static Path profile;
    static TestServer server;
    static WebDriver browser;

    static final boolean CHROMIUM_INSTALLED = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);

    @BeforeAll
    static void start() throws IOException {
        if (!CHROMIUM_INSTALLED) {
            return; // each test reports the skip
        }
        server = TestServer.withModel(directory);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PATIENCE);
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void requireChromium() {
        Assumptions.assumeTrue(CHROMIUM_INSTALLED, "skipped: the browser test needs Chromium at " + CHROMIUM
                + " and its driver at " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(0)
    void withoutAModelThePageSaysToTrainOneFirst(@TempDir Path elsewhere) throws IOException {
        try (TestServer empty = TestServer.withoutModel(elsewhere)) {
            browser.get(empty.server.uri().toString());
            waitFor(() -> text("model-status").startsWith("No model yet: train a model first"));
            stroke(browser.findElement(By.id("pad")), new int[][] {{0, -90}, {0, 0}, {0, 90}});
            waitFor(() -> text("prediction-note").startsWith("No model yet: train a model first"));
            screenshot("no-model.png");
        }
    }

    @Test
    @Order(1)
    void aOneDrawnAsAVerticalStrokeIsReadAsOne() throws IOException {
        browser.get(server.server.uri().toString());
        waitFor(() -> text("model-status").startsWith("Model: 784,30,10"));
        WebElement pad = browser.findElement(By.id("pad"));

        stroke(pad, new int[][] {{0, -95}, {0, -60}, {0, -20}, {0, 20}, {0, 60}, {0, 95}});

        waitFor(() -> "1".equals(browser.findElement(By.id("prediction")).getDomAttribute("data-stroke")));
        assertEquals("1", text("prediction"));
        assertEquals(10, browser.findElements(By.cssSelector("#probabilities .bar")).size());
        screenshot("draw-one.png");
    }

    @Test
    @Order(2)
    void aSevenDrawnInTwoStrokesIsReadAsSeven() throws IOException {
        browser.findElement(By.id("clear")).click();
        WebElement pad = browser.findElement(By.id("pad"));

        stroke(pad, new int[][] {{-60, -80}, {-20, -80}, {20, -80}, {60, -80}});
        waitFor(() -> "1".equals(browser.findElement(By.id("prediction")).getDomAttribute("data-stroke")));
        stroke(pad, new int[][] {{60, -80}, {40, -35}, {20, 10}, {0, 55}, {-22, 100}});

        waitFor(() -> "2".equals(browser.findElement(By.id("prediction")).getDomAttribute("data-stroke")));
        assertEquals("7", text("prediction"));
        assertTrue(text("prediction-note").endsWith("after 2 strokes"), text("prediction-note"));
        screenshot("draw-seven.png");
    }

    @Test
    @Order(3)
    void theTestSetTabShowsTheConfusionMatrixAndTheMistakes() throws IOException {
        browser.findElement(By.cssSelector("button[data-tab=testset]")).click();
        browser.findElement(By.id("evaluate")).click();

        waitFor(() -> browser.findElements(By.cssSelector("#confusion td")).size() == 100);
        waitFor(() -> !browser.findElements(By.cssSelector("#examples img")).isEmpty());
        assertTrue(text("testset-status").contains("/ 300"), text("testset-status"));
        browser.findElement(By.cssSelector("#confusion td[data-label='3'][data-predicted='3']")).click();
        waitFor(() -> text("examples-title").startsWith("True 3, answered 3"));
        screenshot("test-set.png");
    }

    @Test
    @Order(4)
    void lookInsideShowsEachHiddenNeuronsWeightsAndTheActivations() throws IOException {
        browser.findElement(By.cssSelector("button[data-tab=inside]")).click();

        waitFor(() -> browser.findElements(By.cssSelector("#weights canvas")).size() == 30);
        List<WebElement> layers = browser.findElements(By.cssSelector("#activations .layer"));
        assertEquals(2, layers.size());
        assertEquals(10, layers.get(1).findElements(By.cssSelector(".cell")).size());
        screenshot("look-inside.png");
    }

    @Test
    @Order(5)
    void trainingFromThePageDrawsTheCurvesAndServesTheNewNetwork() throws IOException {
        browser.findElement(By.cssSelector("button[data-tab=train]")).click();
        WebElement epochs = browser.findElement(By.name("epochs"));
        epochs.clear();
        epochs.sendKeys("3");
        browser.findElement(By.name("trainingExamples")).sendKeys("500");
        browser.findElement(By.id("train-start")).click();

        waitFor(() -> text("train-status").contains(": finished"));
        waitFor(() -> text("model-status").contains("trained on the page (job 1, epoch 3 of 3)"));
        screenshot("train.png");
    }

    @Test
    @Order(6)
    void aRunningAnswerArrivingAfterTheFinishedEventDoesNotUndoIt() {
        // The POST's answer can cross the stream's "finished" event when a small job ends at once.
        ((ChromeDriver) browser).executeScript(
                "showJob(Object.assign({}, job, {state: 'running', running: true, history: []}));");

        assertTrue(text("train-status").contains(": finished"), text("train-status"));
        assertTrue(browser.findElement(By.id("training-indicator")).getText().isEmpty());
        assertTrue(browser.findElement(By.id("train-start")).isEnabled());
    }

    private static void stroke(WebElement pad, int[][] points) {
        // Offsets from the pad's centre, as Selenium 4 measures them.
        Actions actions = new Actions(browser).moveToElement(pad, points[0][0], points[0][1]).clickAndHold();
        for (int i = 1; i < points.length; i++) {
            actions.moveByOffset(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
        }
        actions.release().perform();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, PATIENCE).until(driver -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
