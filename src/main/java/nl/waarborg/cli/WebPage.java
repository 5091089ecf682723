package nl.waarborg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** A provider's own statement page, fetched for an import: HTTPS (plain HTTP only on this machine), at most 20 MB. */
final class WebPage {

    static final int MAX_BYTES = 20 * 1024 * 1024;

    private WebPage() {}

    static byte[] fetch(String url, Messages messages) {
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
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .header("Accept", "text/html, application/pdf, */*;q=0.5")
                            .header("User-Agent", "Waarborg statement import")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new CliException(messages.get("webpage.status", url, response.statusCode()));
                }
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new CliException(messages.get("webpage.tooLarge", url));
                }
                if (bytes.length == 0) {
                    throw new CliException(messages.get("webpage.empty", url));
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new CliException(
                    messages.get("webpage.unreachable", url, e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(messages.get("webpage.unreachable", url, "interrupted"));
        }
    }
}
