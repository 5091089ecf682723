package nl.waarborg.web;

import java.io.PrintStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One line on standard output when the server is ready, on every start, so that whoever started it knows where to
 * go: among the log lines it is easy to miss that the start has finished.
 */
@Component
class ReadyLine {

    private final String address;

    ReadyLine(@Value("${server.address:}") String address) {
        this.address = address;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            print(System.out, url(address, web.getWebServer().getPort()));
        }
    }

    static String url(String address, int port) {
        String host = address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? "localhost"
                : (address.contains(":") ? "[" + address + "]" : address);
        return "http://" + host + ":" + port + "/console";
    }

    static void print(PrintStream out, String url) {
        out.println("Waarborg is ready at " + url);
        out.flush();
    }
}
