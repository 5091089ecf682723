package nl.waarborg.statement;

/** The expressive register of {@link StatementPromisesTests} for the register's own check tests. */
public final class StatementPromisesTestsAccess {

    private StatementPromisesTestsAccess() {}

    public static String expressive() {
        return StatementPromisesTests.expressive();
    }
}
