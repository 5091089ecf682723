package nl.waarborg.register;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The template and the seed fixtures as text. */
final class RegisterFixtures {

    static final String PROGROUP = "/register/seed-000-progroup.yaml";
    static final String BEZORGSUPPORT = "/register/seed-002-bezorgsupport.yaml";
    static final String COMPUTRON = "/register/seed-004-computron.yaml";
    static final String TEMPLATE = "/register/templates/telecom-nl.yaml";

    private RegisterFixtures() {}

    static String load(String resource) {
        try (InputStream in = RegisterFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
