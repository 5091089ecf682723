package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccounts;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signs in as an administrator, walks every console page reachable from the dashboard and submits each form with each
 * of its text fields set to input no person should send: a NUL byte, a control character, invalid UTF-8, 100,000
 * characters, an empty value. Every answer must be a page (or a redirect), never a 5xx, a stack trace or a class
 * name, and nothing may be stored. Forms without a field to type in (disable, revoke, sign out) are actions on real
 * records and are left alone.
 */
@WaarborgTest
class ConsoleFormFuzzTests {

    private static final String PASSWORD = "de vos springt over de slapende hond";
    private static final byte[] LONG = "z".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    /** A GET form's values travel in the request line, which ends at 32 KiB (Tomcat's own answer, tested elsewhere). */
    private static final byte[] LONG_IN_QUERY = "z".repeat(5_000).getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    nl.waarborg.breaches.Breaches breaches;

    @Autowired
    nl.waarborg.register.internal.RegisterEditor editor;

    @Autowired
    nl.waarborg.register.Registers registers;

    /** Breaches in the states that show each of the breach page's forms (decision, notice, letter, close). */
    void breachesWithEveryForm() {
        nl.waarborg.TestRegisters.templateInForce(editor, registers);
        for (int i = 0; i < 2; i++) {
            var b = breaches.report(new nl.waarborg.breaches.Breaches.Facts(
                    "Fuzz " + i,
                    "A breach for the form fuzzer.",
                    null,
                    java.time.Instant.now().minusSeconds(3600),
                    false,
                    List.of(nl.waarborg.breaches.Breach.Nature.CONFIDENTIALITY),
                    List.of("customer-contacts"),
                    1,
                    1,
                    false,
                    false,
                    null,
                    null,
                    null));
            breaches.assess(
                    b.reference(),
                    new nl.waarborg.breaches.Breaches.Assessment(
                            nl.waarborg.breaches.Breach.Risk.HIGH, null, null, null, "Fuzz."));
            if (i == 1) {
                breaches.notifyAuthority(
                        b.reference(), new nl.waarborg.breaches.Breaches.AuthorityNotice("AP-F", null, null, null));
            }
        }
    }

    @Autowired
    nl.waarborg.disclosures.Disclosures disclosures;

    /** Demands open and answered, so that the answer and the close forms are on a page. */
    void disclosuresWithEveryForm() {
        for (int i = 0; i < 2; i++) {
            var d = disclosures.record(new nl.waarborg.disclosures.Disclosures.NewDisclosure(
                    "Politie",
                    "SV_126NA",
                    null,
                    "PV-FUZZ-" + i,
                    java.time.Instant.now().minusSeconds(3600),
                    null,
                    "+3161234509" + i,
                    List.of("customer-contacts"),
                    null,
                    null,
                    null,
                    "YES",
                    null));
            if (i == 1) {
                disclosures.answer(d.reference(), null, "Naam en adres");
            }
        }
    }

    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    final List<String> failures = new ArrayList<>();
    int submissions;

    @Test
    void noFormInputMakesAConsolePageFailOrStoreAnything() throws Exception {
        signIn();
        breachesWithEveryForm();
        disclosuresWithEveryForm();
        Map<String, Long> before = ApiFuzzTests.counts(jdbc);

        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pages = new ArrayDeque<>(List.of(
                "/console",
                "/console/subjects",
                "/console/subjects/unregistered?q=0612345099",
                "/console/register",
                "/console/register/versions",
                "/console/register/check",
                "/console/statement",
                "/console/audit",
                "/console/admin",
                "/console/connectors",
                "/console/breaches",
                "/console/disclosures",
                "/console/disclosures/recipients"));
        List<Element> forms = new ArrayList<>();
        Set<String> formKeys = new LinkedHashSet<>();
        while (!pages.isEmpty() && seen.size() < 80) {
            String page = pages.poll();
            if (!seen.add(page)) {
                continue;
            }
            HttpResponse<String> answer = get(page);
            if (answer.statusCode() != 200
                    || !answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
                continue;
            }
            Document doc = Jsoup.parse(answer.body(), "http://localhost:" + port + page);
            for (Element link : doc.select("a[href]")) {
                String href = URI.create(link.absUrl("href")).getPath();
                if (href != null
                        && href.startsWith("/console")
                        && !href.contains("logout")
                        && !href.contains("/export")
                        && !href.contains("/download")
                        && !href.contains("/audio")) {
                    pages.add(href);
                }
            }
            for (Element form : doc.select("form")) {
                String key = form.attr("method") + " "
                        + URI.create(form.absUrl("action")).getPath() + " "
                        + form.select("input[name], textarea[name], select[name]")
                                .eachAttr("name");
                if (formKeys.add(key)) {
                    forms.add(form);
                }
            }
        }

        for (Element form : forms) {
            fuzz(form);
        }

        System.out.println("Console form fuzz: " + seen.size() + " pages, " + forms.size() + " forms, " + submissions
                + " submissions");
        assertThat(failures).as("answers that were not a clean page").isEmpty();
        assertThat(ApiFuzzTests.counts(jdbc)).as("nothing stored").isEqualTo(before);
        assertThat(forms.size()).isGreaterThan(5);
    }

    private void fuzz(Element form) throws Exception {
        String action = URI.create(form.absUrl("action")).getPath();
        boolean post = form.attr("method").equalsIgnoreCase("post");
        if (action.contains("logout") || action.contains("/console/login")) {
            return;
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        List<String> typed = new ArrayList<>();
        for (Element input : form.select("input[name], textarea[name], select[name]")) {
            String name = input.attr("name");
            String type = input.tagName().equals("input") ? input.attr("type").toLowerCase() : input.tagName();
            switch (type) {
                case "hidden" -> fixed.put(name, input.attr("value"));
                case "select" ->
                    fixed.put(
                            name,
                            input.select("option").isEmpty()
                                    ? ""
                                    : input.select("option").first().attr("value"));
                case "checkbox", "radio", "submit", "file" -> {}
                default -> typed.add(name);
            }
        }
        if (typed.isEmpty()) {
            return;
        }
        for (String field : typed) {
            for (byte[] bad : List.of(
                    bytes("a\u0000b"),
                    bytes("a\u0001b"),
                    new byte[] {'a', (byte) 0xff, (byte) 0xfe},
                    post ? LONG : LONG_IN_QUERY,
                    bytes(""))) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                fixed.forEach((name, value) -> append(body, name, bytes(value)));
                for (String other : typed) {
                    append(body, other, other.equals(field) ? bad : bytes(""));
                }
                send(
                        post,
                        action,
                        body.toByteArray(),
                        field + "="
                                + (bad.length > 20
                                        ? bad.length + " bytes"
                                        : new String(bad, StandardCharsets.ISO_8859_1).replace("\u0000", "NUL")));
            }
        }
    }

    private void send(boolean post, String action, byte[] form, String field) throws Exception {
        String url = "http://localhost:" + port + action;
        HttpRequest.Builder request;
        if (post) {
            request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form));
        } else {
            request = HttpRequest.newBuilder(URI.create(url + "?" + new String(form, StandardCharsets.US_ASCII)))
                    .GET();
        }
        request.header("Accept", "text/html").timeout(Duration.ofSeconds(20));
        HttpResponse<String> answer =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        submissions++;
        String where = (post ? "POST " : "GET ") + action + " (" + field + ")";
        int status = answer.statusCode();
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (status >= 500) {
            failures.add(where + ": " + status);
        } else if (status < 300 || status >= 400) {
            if (!type.startsWith("text/html")) {
                failures.add(where + ": " + status + " as " + type + " "
                        + answer.body().substring(0, Math.min(200, answer.body().length())));
            } else if (answer.body().contains("Exception")
                    || answer.body().contains("\tat ")
                    || answer.body().contains("nl.waarborg.")) {
                failures.add(where + ": a class name or stack trace on the page");
            }
        }
    }

    private void signIn() throws Exception {
        String username = "fuzz." + UUID.randomUUID().toString().substring(0, 8);
        SetupLink link = accounts.create(username, "Fuzz Admin", Role.ADMIN);
        accounts.completeSetup(link.url().substring(link.url().indexOf("token=") + 6), PASSWORD);
        Document login = Jsoup.parse(get("/console/login").body());
        String csrf = login.select("input[name=_csrf]").attr("value");
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept", "text/html")
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** One urlencoded pair; bytes that are not valid UTF-8 stay as they are, percent-encoded. */
    private static void append(ByteArrayOutputStream body, String name, byte[] value) {
        if (body.size() > 0) {
            body.write('&');
        }
        body.writeBytes(URLEncoder.encode(name, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII));
        body.write('=');
        for (byte b : value) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                body.write(c);
            } else {
                body.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
