package nl.waarborg.web;

import jakarta.servlet.http.HttpServletResponse;
import nl.waarborg.errors.DomainException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A domain failure a page did not show itself (a link to something that is not there, a step that does not fit) ends
 * on the error page with its status, never as a server error. API controllers answer problem+json instead: their
 * handler comes first.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    @ExceptionHandler(DomainException.class)
    ModelAndView page(DomainException e, HttpServletResponse response) {
        HttpStatus status = Problems.status(e.kind());
        response.setStatus(status.value());
        ModelAndView view = new ModelAndView("error");
        view.setStatus(status);
        view.addObject("status", status.value());
        return view;
    }
}
