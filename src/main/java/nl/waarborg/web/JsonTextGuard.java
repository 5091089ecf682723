package nl.waarborg.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, while a JSON request body is read, a NUL character in any text field (PostgreSQL cannot store it, and would
 * otherwise fail the whole request later without saying where) and a number or true/false where a text belongs
 * (Jackson would quietly store {@code 123} as "123"), so the caller learns which field.
 */
@Configuration(proxyBeanMethods = false)
public class JsonTextGuard {

    private static final String NUL_MESSAGE = "contains a NUL character";

    @Bean
    SimpleModule waarborgTextGuard() {
        return module();
    }

    /** The same guard for a mapper of one's own (a line-by-line import). */
    public static SimpleModule module() {
        return new SimpleModule("waarborg-text-guard").addDeserializer(String.class, new NulRefusingStrings());
    }

    static boolean lonelySurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static final class NulRefusingStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            // A number or true/false where a text belongs is a mistake of the caller, not a text to store as "123".
            if (p.currentToken() != null
                    && p.currentToken().isScalarValue()
                    && p.currentToken() != JsonToken.VALUE_STRING) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                // The value itself stays out of the exception: it may be personal data.
                throw ctxt.weirdStringException("(withheld)", String.class, NUL_MESSAGE);
            }
            if (value != null && lonelySurrogate(value)) {
                // PostgreSQL's driver would store it as "?": a silent change of what the caller sent.
                throw ctxt.weirdStringException("(withheld)", String.class, "contains half of a UTF-16 surrogate pair");
            }
            return value;
        }
    }
}
