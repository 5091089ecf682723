package nl.waarborg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi (the W3C protocol Firefox speaks itself): there is no
 * geckodriver in Debian and the network is closed, so a small client talks to the browser's own WebSocket. Enough for
 * what the tests need: open a page, run a script in it, read the result.
 */
public final class FirefoxSession implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/firefox-esr");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String context;

    /**
     * Starts Firefox with a fresh profile.
     *
     * @param globalPrivacyControl whether the browser sends {@code Sec-GPC: 1} and sets
     *     {@code navigator.globalPrivacyControl}, as a person who switched it on in the settings
     */
    public static FirefoxSession start(boolean globalPrivacyControl) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("waarborg-firefox");
        Files.writeString(
                profile.resolve("user.js"),
                String.join(
                        "\n",
                        "user_pref(\"privacy.globalprivacycontrol.enabled\", " + globalPrivacyControl + ");",
                        "user_pref(\"privacy.globalprivacycontrol.functionality.enabled\", true);",
                        "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
                        "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
                        "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
                        "user_pref(\"app.update.disabledForTesting\", true);",
                        ""));
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-remote",
                        "--remote-debugging-port=0",
                        "--profile",
                        profile.toString(),
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        String endpoint = endpoint(process);
        return new FirefoxSession(process, endpoint);
    }

    /** Reads the browser's output until it says where it listens; the rest is drained so it never blocks. */
    private static String endpoint(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                found.complete(m.group(1));
                            }
                        }
                    } catch (IOException e) {
                        found.completeExceptionally(e);
                    }
                    found.completeExceptionally(new IOException("Firefox ended before it listened"));
                },
                "firefox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return found.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("Firefox did not start WebDriver BiDi: " + e.getMessage(), e);
        }
    }

    private FirefoxSession(Process process, String endpoint) {
        this.process = process;
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(endpoint + "/session"), new Listener())
                .join();
        send("session.new", JSON.createObjectNode().set("capabilities", JSON.createObjectNode()));
        this.context = send("browsingContext.getTree", JSON.createObjectNode())
                .path("contexts")
                .get(0)
                .path("context")
                .asString();
    }

    /** Opens a page and waits until it has loaded. */
    public void navigate(String url) {
        ObjectNode p = JSON.createObjectNode();
        p.put("context", context);
        p.put("url", url);
        p.put("wait", "complete");
        send("browsingContext.navigate", p);
    }

    /**
     * Runs a JavaScript expression in the page (awaiting a promise) and answers its value as a string; an exception
     * in the page fails the test with its message.
     */
    public String evaluate(String expression) {
        ObjectNode p = JSON.createObjectNode();
        p.put("expression", "(async () => String(await (" + expression + ")))()");
        p.set("target", JSON.createObjectNode().put("context", context));
        p.put("awaitPromise", true);
        JsonNode r = send("script.evaluate", p);
        if (!"success".equals(r.path("type").asString())) {
            throw new AssertionError("script failed in Firefox: " + r.path("exceptionDetails"));
        }
        return r.path("result").path("value").asString();
    }

    /** Evaluates until the expression is "true", for at most 15 seconds. */
    public void waitFor(String condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!"true".equals(evaluate(condition))) {
            if (System.nanoTime() > until) {
                throw new AssertionError("in Firefox, never true: " + condition);
            }
            Thread.sleep(100);
        }
    }

    private JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("method", method);
        command.set("params", params);
        socket.sendText(command.toString(), true).join();
        try {
            JsonNode r = answer.get(60, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new AssertionError(method + " failed in Firefox: "
                        + r.path("error").asString() + ": " + r.path("message").asString());
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(method + ": no answer from Firefox", e);
        } finally {
            waiting.remove(id);
        }
    }

    /** Collects a message's frames and hands each answer to the command waiting for it; events are ignored. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                JsonNode message = JSON.readTree(frames.toString());
                frames.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> f =
                            waiting.get(message.path("id").asInt());
                    if (f != null) {
                        f.complete(message);
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            send("session.end", JSON.createObjectNode());
        } catch (RuntimeException | AssertionError e) {
            // The browser is stopped below either way.
        }
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
