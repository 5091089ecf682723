package nl.waarborg.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Dutch by default; {@code ?lang=en} or {@code ?lang=nl} switches and is remembered in a cookie. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final Locale DUTCH = Locale.forLanguageTag("nl");
    static final List<Locale> SUPPORTED = List.of(DUTCH, Locale.ENGLISH);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("waarborg-lang");
        resolver.setDefaultLocale(DUTCH);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            protected Locale parseLocaleValue(String localeValue) {
                Locale requested = super.parseLocaleValue(localeValue);
                // Anything but the two supported languages falls back to Dutch instead of an empty bundle.
                return requested != null && requested.getLanguage().equals("en") ? Locale.ENGLISH : DUTCH;
            }
        };
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        // Public statement pages and the API choose their language by address or parameter, not the console cookie.
        registry.addInterceptor(change)
                .excludePathPatterns("/privacy", "/privacy/**", "/en/privacy", "/en/privacy/**", "/api/**");
    }
}
