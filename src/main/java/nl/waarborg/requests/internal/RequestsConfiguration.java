package nl.waarborg.requests.internal;

import java.io.IOException;
import java.io.InputStream;
import nl.waarborg.requests.RequestsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The holiday calendar the deadlines are counted on, read once at start. */
@Configuration(proxyBeanMethods = false)
class RequestsConfiguration {

    @Bean
    HolidayCalendar holidayCalendar(RequestsProperties properties, ResourceLoader resources) throws IOException {
        String location = properties.holidays();
        Resource resource = resources.getResource(location.contains(":") ? location : "file:" + location);
        if (!resource.exists()) {
            throw new IllegalStateException(
                    "waarborg.requests.holidays: " + location + " does not exist; leave it out for the Dutch calendar");
        }
        try (InputStream in = resource.getInputStream()) {
            return HolidayCalendar.read(location, in);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("waarborg.requests.holidays: " + e.getMessage(), e);
        }
    }
}
