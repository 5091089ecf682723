package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import nl.waarborg.WaarborgTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/** {@code serve --demo} gives the demo provider the template register once, as the system. */
@WaarborgTest
@TestPropertySource(properties = "waarborg.demo.enabled=true")
class RegisterDemoTests {

    @Autowired
    Registers registers;

    @Autowired
    ApplicationContext context;

    @Test
    void demoRegisterIsAppliedOnceOnStart() {
        RegisterVersion first = registers.current().orElseThrow();
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.author()).isEqualTo("SYSTEM:demo");
        assertThat(first.register().organisation().legalName()).isEqualTo("Voorbeeld Telecom B.V.");

        // A restart finds the version and applies nothing.
        context.publishEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(
                new org.springframework.boot.SpringApplication(),
                new String[0],
                (org.springframework.context.ConfigurableApplicationContext) context,
                java.time.Duration.ZERO));
        assertThat(registers.current().orElseThrow().number()).isEqualTo(1);
    }
}
