package nl.waarborg.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Supplier;
import nl.waarborg.errors.DomainException;
import org.springframework.ui.Model;

/**
 * What console forms share: reading a form's date, moment or id (blank is absent, a wrong one is an error naming the
 * field), and carrying out a form's step — on success to the page it redirects to, on a refusal back to the form's
 * page with the status, the reason and the field marked.
 */
public final class ConsoleInputs {

    /** Moments in forms are Amsterdam time: what a person in the Netherlands reads off a clock. */
    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private ConsoleInputs() {}

    /** A {@code datetime-local} value, Amsterdam time. */
    public static Instant moment(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(AMSTERDAM).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, field + " is a date and time, for example 2026-12-05T09:30");
        }
    }

    /** A {@code date} value. */
    public static LocalDate day(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, field + " is a date that exists, for example 2026-12-05");
        }
    }

    /** An id of something Waarborg keeps. */
    public static UUID id(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, field + " is an id such as 3f2a6c1e-…");
        }
    }

    /**
     * Runs a form's step: answers {@code done} (asked after the step, so it can name what the step made) when it went, or — when refused — sets the status and puts the reason
     * and the field in the model for {@code page} to show. What is not found stays an error page.
     */
    public static String act(
            Model model, HttpServletResponse response, Runnable step, Supplier<String> done, Supplier<String> page) {
        try {
            step.run();
            return done.get();
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_FOUND) {
                throw e;
            }
            response.setStatus(Problems.status(e.kind()).value());
            model.addAttribute("errorDetail", e.detail());
            model.addAttribute("errorField", e.field());
            return page.get();
        }
    }
}
