package nl.waarborg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** An invalid setting stops the start with the property's name and the problem. */
class ConfigurationValidationTests {

    @ParameterizedTest
    @CsvSource({
        "waarborg.security.max-login-failures, 0",
        "waarborg.security.password-hash-strength, 40",
        "waarborg.security.lockout, -5m",
        "waarborg.database.name, Bad-Name",
        "waarborg.database.port, 70000",
        "waarborg.scheduling.threads, 0"
    })
    void invalidSettingsFailFastNamingTheProperty(String property, String value) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(WaarborgApplication.class)
                .web(WebApplicationType.NONE)
                .run("--" + property + "=" + value));
        Throwable cause = failure;
        while (cause != null && !(cause instanceof BindException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a binding failure for " + property).isNotNull();
        String message = describe(cause);
        assertThat(message).contains(property.substring(0, property.lastIndexOf('.')));
        assertThat(message).containsAnyOf(property.substring(property.lastIndexOf('.') + 1), camel(property));
    }

    @Test
    void unparseableDurationsNameTheProperty() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(WaarborgApplication.class)
                .web(WebApplicationType.NONE)
                .run("--waarborg.security.setup-link-validity=soon"));
        assertThat(describe(failure)).contains("waarborg.security.setup-link-validity");
    }

    private static String describe(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
            if (c instanceof BindValidationException v) {
                all.append(v.getValidationErrors().getName()).append(' ');
                v.getValidationErrors()
                        .getAllErrors()
                        .forEach(e -> all.append(e).append('\n'));
            }
        }
        return all.toString();
    }

    private static String camel(String property) {
        String last = property.substring(property.lastIndexOf('.') + 1);
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : last.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
