package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.register.internal.RegisterWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published JSON Schema accepts what Waarborg accepts, including its own exports. */
class RegisterSchemaTests {

    static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(RegisterSchemaTests.class.getResourceAsStream("/register/register.schema.json"));

    @ParameterizedTest
    @ValueSource(
            strings = {
                RegisterFixtures.TEMPLATE,
                RegisterFixtures.PROGROUP,
                RegisterFixtures.BEZORGSUPPORT,
                RegisterFixtures.COMPUTRON
            })
    void registersAndTheirExportsMatchTheSchema(String resource) {
        String yaml = RegisterFixtures.load(resource);
        assertThat(SCHEMA.validate(yaml, InputFormat.YAML)).isEmpty();
        var register = RegisterReader.read(yaml);
        assertThat(SCHEMA.validate(RegisterWriter.prettyJson(register), InputFormat.JSON))
                .isEmpty();
        assertThat(SCHEMA.validate(RegisterWriter.yaml(register), InputFormat.YAML))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "retention: {period: P7Y, from: invoice-date}|retention: {period: 7Y, from: invoice-date}",
                "        legalBasis: contract\n        controller: provider\n        recipients: [hosting]|"
                        + "        legalBasis: contract\n        colour: blue\n        controller: provider\n"
                        + "        recipients: [hosting]",
                "retention: {until: end-of-service}|retention: {until: end-of-service, period: P1Y}"
            })
    void schemaRefusesWhatTheReaderRefuses(String change) {
        String[] parts = change.split("\\|");
        String yaml = RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                .replaceFirst(
                        java.util.regex.Pattern.quote(parts[0]), java.util.regex.Matcher.quoteReplacement(parts[1]));
        assertThat(SCHEMA.validate(yaml, InputFormat.YAML)).isNotEmpty();
        assertThat(RegisterFormatTests.errorsOf(yaml)).isNotEmpty();
    }
}
