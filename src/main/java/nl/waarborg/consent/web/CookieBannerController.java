package nl.waarborg.consent.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.waarborg.consent.ConsentException;
import nl.waarborg.consent.internal.CookieBanner;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the cookie notice script ({@code /consent/banner.js}) on the provider's own website talks to: its wording made
 * from the register, and the visitor's choice recorded in the consent ledger. Both are open to any site (CORS {@code
 * *}) unless {@code waarborg.consent.banner-origins} names the provider's sites: a visitor has no account, and the
 * choice is sent as {@code text/plain} so that browsers need no preflight. {@code /.well-known/gpc.json} says that
 * Global Privacy Control is honoured.
 */
@RestController
class CookieBannerController {

    static final int MAX_BODY = 4_096;
    /** Any site, unless the provider names its own (CORS answers for the notice's calls, the preflight included). */
    static final String ORIGINS =
            "#{'${waarborg.consent.banner-origins:}'.isBlank() ? '*' : '${waarborg.consent.banner-origins:}'}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CookieBanner banner;
    private final Registers registers;
    private final List<String> origins;

    CookieBannerController(
            CookieBanner banner,
            Registers registers,
            @Value("${waarborg.consent.banner-origins:}") List<String> origins) {
        this.banner = banner;
        this.registers = registers;
        this.origins =
                origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    @GetMapping(value = "/consent/banner.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @CrossOrigin(
            originPatterns = ORIGINS,
            allowCredentials = "false",
            allowedHeaders = {"Content-Type", "Sec-GPC"})
    ResponseEntity<Map<String, Object>> config(HttpServletRequest request) {
        CookieBanner.Config c = banner.config(LocaleContextHolder.getLocale(), gpc(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", c.version());
        body.put("language", c.language());
        body.put("texts", c.texts());
        body.put("groups", c.groups());
        body.put("gpc", c.gpc());
        // A path: the script puts its own Waarborg address in front, whatever Host this request came with.
        body.put("statementPath", "en".equals(c.language()) ? "/en/privacy" : "/privacy");
        return answer().body(body);
    }

    @PostMapping("/consent/banner/choices")
    @CrossOrigin(
            originPatterns = ORIGINS,
            allowCredentials = "false",
            allowedHeaders = {"Content-Type", "Sec-GPC"})
    ResponseEntity<CookieBanner.Outcome> choose(HttpServletRequest request) throws java.io.IOException {
        byte[] raw = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            throw new ConsentException(Kind.TOO_LARGE, "body", "a choice is at most " + MAX_BODY + " bytes");
        }
        String origin = request.getHeader("Origin");
        if (!origins.isEmpty() && !origins.contains(origin) && !own(request, origin)) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.FORBIDDEN,
                    "Origin: choices are taken only from the sites in waarborg.consent.banner-origins");
        }
        CookieBanner.Choice choice;
        try {
            choice = JSON.readValue(new String(raw, StandardCharsets.UTF_8), CookieBanner.Choice.class);
        } catch (JacksonException e) {
            throw new ConsentException(
                    Kind.INVALID,
                    "body",
                    "the body is not a JSON object {visitorId, version, choices: {kind: true|false}}");
        }
        CookieBanner.Outcome outcome =
                banner.record(choice, LocaleContextHolder.getLocale(), gpc(request), request.getRemoteAddr());
        return answer().body(outcome);
    }

    /** The Global Privacy Control support resource (https://privacycg.github.io/gpc-spec/#gpc-support-resource). */
    @GetMapping(value = "/.well-known/gpc.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> gpcSupport() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gpc", true);
        body.put(
                "lastUpdate",
                registers
                        .current()
                        .map(RegisterVersion::inForceFrom)
                        .map(Object::toString)
                        .orElse("2026-12-05"));
        return ResponseEntity.ok()
                .header("Access-Control-Allow-Origin", "*")
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)))
                .body(body);
    }

    /** Per visitor and never cached: the wording follows the register, the answer the visitor's browser. */
    private static ResponseEntity.BodyBuilder answer() {
        return ResponseEntity.ok().header("Vary", "Sec-GPC, Accept-Language").cacheControl(CacheControl.noStore());
    }

    private static boolean gpc(HttpServletRequest request) {
        return "1".equals(request.getHeader("Sec-GPC"));
    }

    /** Waarborg's own pages (the example page) may always record: the same origin as the request. */
    private static boolean own(HttpServletRequest request, String origin) {
        if (origin == null) {
            return false;
        }
        String self = request.getScheme() + "://" + request.getServerName()
                + (request.getServerPort() == 80 || request.getServerPort() == 443
                        ? ""
                        : ":" + request.getServerPort());
        return origin.equals(self);
    }
}
