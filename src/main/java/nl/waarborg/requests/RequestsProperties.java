package nl.waarborg.requests;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the requests module. The legal deadline itself (one month, at most two more) is the law's and cannot be
 * configured; the calendar of days that do not count is, so that a provider outside the Netherlands can use its own.
 *
 * @param holidays the holiday calendar: {@code classpath:holidays/nl.txt} (the Dutch Algemene termijnenwet) or a file
 *     in the same format
 * @param verificationTimeoutDays after how many days without an answer to a request for identity information the
 *     request is closed as unverified
 * @param staffLanguage the language of what Waarborg writes to the privacy desk (the daily reminder): nl or en
 * @param packageDays how many days an access package can be downloaded after it is prepared; then it is deleted
 */
@Validated
@ConfigurationProperties("waarborg.requests")
public record RequestsProperties(
        @NotBlank @DefaultValue("classpath:holidays/nl.txt") String holidays,
        @Positive @DefaultValue("30") int verificationTimeoutDays,

        @jakarta.validation.constraints.Pattern(regexp = "nl|en") @DefaultValue("nl")
        String staffLanguage,

        @Positive @jakarta.validation.constraints.Max(400) @DefaultValue("30")
        int packageDays,

        // Art. 12(3): the clock stands still only for identity information asked for without delay.
        @jakarta.validation.constraints.PositiveOrZero @jakarta.validation.constraints.Max(31) @DefaultValue("7")
        int verificationAskDays) {}
