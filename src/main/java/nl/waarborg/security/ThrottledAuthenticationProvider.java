package nl.waarborg.security;

import nl.waarborg.audit.Actor;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/** Password sign-in for staff, refused while the account name is locked by {@link LoginThrottle}. */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider delegate;
    private final LoginThrottle throttle;
    private final AuditTrail audit;

    ThrottledAuthenticationProvider(DaoAuthenticationProvider delegate, LoginThrottle throttle, AuditTrail audit) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        if (throttle.isLocked(username)) {
            throw new LockedException("too many failed sign-ins");
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            throttle.succeeded(username);
            StaffPrincipal principal = (StaffPrincipal) result.getPrincipal();
            audit.record(AuditRecord.of(AuditAction.LOGIN, StaffAccounts.TARGET, principal.id())
                    .by(new Actor(Actor.ActorType.STAFF, principal.id().toString())));
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(username);
            // The attempted name is not recorded: it may be a mistyped password or someone's e-mail address.
            audit.record(AuditRecord.of(AuditAction.LOGIN_FAILED, StaffAccounts.TARGET, null)
                    .by(Actor.anonymous()));
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
