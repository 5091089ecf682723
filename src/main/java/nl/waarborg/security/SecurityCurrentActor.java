package nl.waarborg.security;

import nl.waarborg.audit.Actor;
import nl.waarborg.audit.CurrentActor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

/** Tells the audit trail who is signed in: a staff member or an API token, by id. */
@Component
class SecurityCurrentActor implements CurrentActor {

    private static final Actor SYSTEM = Actor.system("waarborg");

    @Override
    public Actor current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            // Outside an HTTP request nobody signed in: it is Waarborg itself (start-up, jobs).
            return RequestContextHolder.getRequestAttributes() == null ? SYSTEM : Actor.anonymous();
        }
        if (auth.getPrincipal() instanceof StaffPrincipal staff) {
            return new Actor(Actor.ActorType.STAFF, staff.id().toString());
        }
        if (auth.getPrincipal() instanceof ApiToken token) {
            return new Actor(Actor.ActorType.API_TOKEN, token.id().toString());
        }
        return RequestContextHolder.getRequestAttributes() == null ? SYSTEM : Actor.anonymous();
    }
}
