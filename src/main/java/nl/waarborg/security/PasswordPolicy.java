package nl.waarborg.security;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which passwords staff may choose, as NIST SP 800-63B asks: long enough, not the username, not a common password
 * (zxcvbn's lists and a built-in list of Dutch ones), not repetitive or sequential, and not guessable in fewer than
 * about 10^8 tries by zxcvbn's estimate (its score 3: years of offline guessing against bcrypt hashes). No
 * composition rules: they do not make passwords stronger, only harder to remember.
 */
final class PasswordPolicy {

    /** Why a password is refused; each has a message in the security bundle ({@code setup.error.<name>}). */
    enum Weakness {
        TOO_SHORT,
        CONTAINS_USERNAME,
        COMMON,
        REPETITIVE,
        GUESSABLE
    }

    private static final Set<String> COMMON = load("/security/common-passwords.txt");
    private static final Zxcvbn ZXCVBN = new Zxcvbn();
    static final int MIN_SCORE = 3;

    private PasswordPolicy() {}

    static Optional<Weakness> check(String password, String username, int minLength) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            return Optional.of(Weakness.TOO_SHORT);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of(Weakness.CONTAINS_USERNAME);
        }
        String core = lower.replaceAll("[^\\p{L}]", "");
        if (COMMON.contains(lower) || COMMON.contains(core)) {
            return Optional.of(Weakness.COMMON);
        }
        if (repetitive(lower)) {
            return Optional.of(Weakness.REPETITIVE);
        }
        List<String> context = new ArrayList<>(COMMON);
        context.add("waarborg");
        if (username != null) {
            context.add(username);
        }
        Strength strength = ZXCVBN.measure(password, context);
        if (strength.getScore() < MIN_SCORE) {
            return Optional.of(Weakness.GUESSABLE);
        }
        return Optional.empty();
    }

    /** Few distinct characters ("aaaaaaaaaaaa", "abababababab") or one short block repeated ("hallohallohallo"). */
    static boolean repetitive(String password) {
        long distinct = password.codePoints().distinct().count();
        if (distinct <= 3) {
            return true;
        }
        int n = password.length();
        for (int block = 1; block <= n / 2; block++) {
            if (n % block == 0 && password.substring(0, block).repeat(n / block).equals(password)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load(String resource) {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
