package nl.waarborg.security;

import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On a system without a usable administrator, creates the first one and prints a one-time setup link (never a
 * password) to the console. Repeated at each start until someone has used a link.
 */
@Component
class FirstStart {

    static final String FIRST_ADMIN = "admin";

    private final StaffAccounts accounts;
    private final PrintStream out;

    FirstStart(StaffAccounts accounts) {
        this.accounts = accounts;
        this.out = System.out;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    @Transactional
    public void ensureAdministrator() {
        if (accounts.anyAdminWithPassword()) {
            return;
        }
        SetupLink link = accounts.findByUsername(FIRST_ADMIN)
                .map(existing -> accounts.issueSetupLink(existing.id(), existing.username()))
                .orElseGet(() -> accounts.create(FIRST_ADMIN, "Administrator", Role.ADMIN));
        // Printed, not logged: the link is a secret and the logs are shipped elsewhere.
        out.println();
        out.println("============================================================================");
        out.println(" Waarborg has no administrator yet. Open this one-time link within "
                + "24 hours to choose the password of account '" + link.username() + "':");
        out.println();
        out.println("   " + link.url());
        out.println();
        out.println(" Een eenmalige link om het wachtwoord van de eerste beheerder te kiezen.");
        out.println("============================================================================");
        out.println();
        out.flush();
    }
}
