package nl.waarborg.register.internal;

/**
 * One reason a register file is refused.
 *
 * @param line 1-based line in the file, 0 when not known
 * @param column 1-based column, 0 when not known
 * @param path where in the register, for example {@code services[1].categories[0].retention.period}
 * @param reason what is wrong; never repeats the rejected value
 */
public record RegisterError(int line, int column, String path, String reason) {

    @Override
    public String toString() {
        return line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + reason;
    }
}
