package nl.waarborg.mail.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import nl.waarborg.mail.MailProperties;
import nl.waarborg.mail.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Sends text messages through the configured HTTP gateway; logs the outcome's status only, never number or text. */
@Component
class SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(SmsGateway.class);

    private final MailProperties properties;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SmsGateway(MailProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    boolean configured() {
        return properties.sms().configured();
    }

    boolean send(TextMessage message) {
        MailProperties.Sms sms = properties.sms();
        try {
            String body = json.writeValueAsString(java.util.Map.of(
                    "from", sms.sender(),
                    "to", message.phone(),
                    "text", message.text(),
                    "reference", message.reference()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sms.url()))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (sms.token() != null && !sms.token().isBlank()) {
                request.header("Authorization", "Bearer " + sms.token());
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            log.warn("SMS gateway refused a message for {}: HTTP {}", message.reference(), response.statusCode());
        } catch (java.io.IOException e) {
            log.warn(
                    "SMS gateway not reached for {}: {}",
                    message.reference(),
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn(
                    "SMS not sent for {}: {}", message.reference(), e.getClass().getSimpleName());
        }
        return false;
    }
}
