package nl.waarborg.consent;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A provider's website on another origin than Waarborg (127.0.0.1 against localhost), with the cookie notice embedded
 * as the documentation says and one marketing script that sets the cookie {@code _mkt} when it runs.
 */
final class ProviderSite implements AutoCloseable {

    private final HttpServer server;

    ProviderSite(int waarborgPort) throws IOException {
        String waarborg = "http://localhost:" + waarborgPort;
        String page = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Provider</title>
                  <link rel="stylesheet" href="%1$s/consent/banner.css">
                  <script src="%1$s/consent/banner.js" defer></script>
                  <script type="text/plain" data-waarborg-category="marketing" data-waarborg-cookies="_mkt">
                    document.cookie = "_mkt=tracker; path=/; max-age=3600";
                    window.marketingRan = true;
                  </script>
                </head>
                <body>
                  <main>
                    <h1>Internet for your business</h1>
                    <p>Fibre, phones and alarm systems.</p>
                  </main>
                </body>
                </html>
                """.formatted(waarborg);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
