package nl.waarborg.subjects.internal;

import nl.waarborg.register.RegisterVersionApplied;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the built-in store in line with the register in force: after every applied version (and at start, for
 * records from before) records are assigned to the one row that covers them, and records of rows marked sensitive are
 * sealed.
 */
@Component
class RegisterFollower {

    private final RecordCategories categories;
    private final KeyRotation rotation;

    RegisterFollower(RecordCategories categories, KeyRotation rotation) {
        this.categories = categories;
        this.rotation = rotation;
    }

    @ApplicationModuleListener
    void on(RegisterVersionApplied applied) {
        follow();
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        follow();
    }

    void follow() {
        categories.assignPending();
        rotation.runPending();
    }
}
