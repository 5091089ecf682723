package nl.waarborg.mail.web;

import nl.waarborg.web.ConsoleMenuItem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MailConsoleConfiguration {

    @Bean
    ConsoleMenuItem mailMenu() {
        return new ConsoleMenuItem("menu.mail", "/console/mail", "requests:read", 37);
    }
}
