package nl.waarborg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's own statement page, fetched for an import: HTTPS (plain HTTP only on this machine), at most 20 MB, every
 * redirect checked like the first address, and text in another character set than UTF-8 converted to it.
 */
final class WebPage {

    static final int MAX_BYTES = 20 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([A-Za-z0-9._:-]{1,40})");

    private WebPage() {}

    static byte[] fetch(String url, Messages messages) {
        URI uri = checked(url, messages);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            for (int hop = 0; ; hop++) {
                HttpResponse<InputStream> response = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Accept", "text/html, application/pdf, */*;q=0.5")
                                .header("User-Agent", "Waarborg statement import")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int status = response.statusCode();
                    String location = response.headers().firstValue("Location").orElse(null);
                    if (status / 100 == 3 && location != null && hop < MAX_REDIRECTS) {
                        // A redirect is a new address: it meets the same rules as the one given.
                        uri = checked(uri.resolve(location).toString(), messages);
                        continue;
                    }
                    if (status / 100 != 2) {
                        throw new CliException(messages.get("webpage.status", url, status));
                    }
                    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                    if (bytes.length > MAX_BYTES) {
                        throw new CliException(messages.get("webpage.tooLarge", url));
                    }
                    if (bytes.length == 0) {
                        throw new CliException(messages.get("webpage.empty", url));
                    }
                    return utf8(
                            bytes, response.headers().firstValue("Content-Type").orElse(""));
                }
            }
        } catch (IOException e) {
            throw new CliException(
                    messages.get("webpage.unreachable", url, e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(messages.get("webpage.unreachable", url, "interrupted"));
        }
    }

    /** Text in the character set the server names, as UTF-8; a PDF, a Word file or UTF-8 text as it came. */
    static byte[] utf8(byte[] bytes, String contentType) {
        Matcher charset = CHARSET.matcher(contentType);
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/") || !charset.find()) {
            return bytes;
        }
        try {
            Charset named = Charset.forName(charset.group(1));
            return named.equals(StandardCharsets.UTF_8)
                    ? bytes
                    : new String(bytes, named).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException unknown) {
            return bytes;
        }
    }

    private static URI checked(String url, Messages messages) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException(messages.get("webpage.invalid", url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean local = host.equals("localhost") || host.equals("127.0.0.1");
        if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && local))) {
            throw new CliException(messages.get("webpage.https", url));
        }
        return uri;
    }
}
