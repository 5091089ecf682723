package nl.waarborg.register.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import nl.waarborg.audit.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With {@code serve --demo}: gives the demo provider the telecom-nl register on the first start. Later starts find a
 * version and leave it alone, so changes made while trying Waarborg out survive a restart.
 */
@Component
@ConditionalOnBooleanProperty("waarborg.demo.enabled")
class DemoRegister {

    static final String TEMPLATE = "/register/templates/telecom-nl.yaml";
    private static final Logger log = LoggerFactory.getLogger(DemoRegister.class);

    private final RegisterEditor editor;
    private final RegisterStore store;

    DemoRegister(RegisterEditor editor, RegisterStore store) {
        this.editor = editor;
        this.store = store;
    }

    // Before other modules' demo data, which may read the register.
    @Order(0)
    @EventListener(ApplicationReadyEvent.class)
    void load() {
        if (store.latest().isPresent()) {
            return;
        }
        var result = editor.apply(template(), "Demo register (template telecom-nl)", null, Actor.system("demo"));
        log.info("Demo register applied as version {}", result.version().number());
    }

    static String template() {
        try (InputStream in = DemoRegister.class.getResourceAsStream(TEMPLATE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
