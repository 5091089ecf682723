package nl.waarborg.web;

import java.io.IOException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * A call from a site that may not make it (CORS) is refused like every other error: {@code application/problem+json}
 * naming the {@code Origin}, instead of Spring's plain "Invalid CORS request".
 */
@Component
class CorsProblems implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractHandlerMapping mapping) {
            mapping.setCorsProcessor(new DefaultCorsProcessor() {
                @Override
                protected void rejectRequest(ServerHttpResponse response) throws IOException {
                    if (response instanceof ServletServerHttpResponse servlet) {
                        Problems.write(
                                servlet.getServletResponse(),
                                HttpStatus.FORBIDDEN,
                                "origin-not-allowed",
                                "this site may not call this address from a browser",
                                "Origin");
                        servlet.getServletResponse().flushBuffer();
                    } else {
                        super.rejectRequest(response);
                    }
                }
            });
        }
        return bean;
    }
}
