package nl.waarborg.statement.internal;

import java.util.List;
import nl.waarborg.statement.internal.StatementImporter.Category;
import nl.waarborg.statement.internal.StatementImporter.Organisation;
import nl.waarborg.statement.internal.StatementImporter.Service;
import nl.waarborg.statement.internal.StatementImporter.Warning;

/** Writes an imported statement as a register file in the register's YAML format, warnings as comments on top. */
final class YamlDraft {

    private static final String GENERIC_PURPOSE_NL = "Het leveren van de dienst";
    private static final String GENERIC_PURPOSE_EN = "Delivering the service";

    private YamlDraft() {}

    static String write(Organisation org, List<Service> services, List<Warning> warnings) {
        StringBuilder y = new StringBuilder(8192);
        y.append("# Register draft read from an existing privacy statement by 'waarborg statement import'.\n");
        y.append("# Check every value, then: ./waarborg register check FILE and ./waarborg register apply FILE\n");
        if (org.lastUpdated != null) {
            y.append("# The statement was last updated on ")
                    .append(org.lastUpdated)
                    .append(".\n");
        }
        if (!warnings.isEmpty()) {
            y.append("# Warnings:\n");
            for (Warning w : warnings) {
                y.append("#  - ")
                        .append(w.line() > 0 ? "line " + w.line() + ", " : "")
                        .append(w.field())
                        .append(": ")
                        .append(w.message().replace('\n', ' '))
                        .append('\n');
            }
        }
        y.append("format: 1\norganisation:\n");
        field(y, 2, "legalName", org.legalName);
        field(y, 2, "shortName", org.shortName);
        field(y, 2, "kvk", org.kvk);
        if (!org.kinds.isEmpty()) {
            y.append("  kinds: [").append(String.join(", ", org.kinds)).append("]\n");
        }
        field(y, 2, "market", org.market);
        field(y, 2, "visitingAddress", org.visitingAddress);
        field(y, 2, "postalAddress", org.postalAddress);
        field(y, 2, "phone", org.phone);
        if (org.hoursNl != null) {
            y.append("  officeHours: ").append(text(org.hoursNl, org.hoursEn)).append('\n');
        }
        field(y, 2, "privacyEmail", org.privacyEmail);
        field(y, 2, "generalEmail", org.generalEmail);
        field(y, 2, "website", org.website);
        if (org.idCopyAlways) {
            y.append("rights:\n  verification: id-copy-always\n");
        }
        y.append("services:\n");
        for (Service s : services) {
            y.append("  - key: ").append(s.key()).append('\n');
            y.append("    name: ").append(text(s.nl(), s.en())).append('\n');
            y.append("    categories:\n");
            for (Category c : s.categories()) {
                category(y, c);
            }
        }
        return y.toString();
    }

    private static void category(StringBuilder y, Category c) {
        y.append("      - key: ").append(c.key).append('\n');
        y.append("        description: ")
                .append(text(c.description, c.description))
                .append('\n');
        y.append("        dataCategories: [")
                .append(String.join(", ", c.dataCategories))
                .append("]\n");
        y.append("        subjects: [").append(String.join(", ", c.subjects)).append("]\n");
        y.append("        purposes:\n");
        for (String[] p : c.purposes) {
            String nl = p[0] == null ? GENERIC_PURPOSE_NL : p[0];
            String en = p[0] == null ? GENERIC_PURPOSE_EN : p[0];
            y.append("          - {nl: ")
                    .append(quote(nl))
                    .append(", en: ")
                    .append(quote(en))
                    .append(", uses: [")
                    .append(p[1])
                    .append("]}\n");
        }
        y.append("        legalBasis: ").append(c.basis).append('\n');
        field(y, 8, "statute", c.statute);
        if (c.interest != null) {
            y.append("        interest: ").append(text(c.interest, c.interest)).append('\n');
        }
        if (c.consentMechanism != null) {
            y.append("        consent:\n          mechanism: ")
                    .append(text(c.consentMechanism, c.consentMechanism))
                    .append('\n');
        }
        y.append("        controller: ").append(c.controller).append('\n');
        if (c.until) {
            y.append("        retention: {until: end-of-service");
        } else if (c.period != null) {
            y.append("        retention: {period: ").append(c.period);
            if (c.from != null) {
                y.append(", from: ").append(c.from);
            }
        } else if (c.display != null) {
            y.append("        retention: {display: ")
                    .append(text(c.display, c.display))
                    .append("}\n");
            return;
        } else {
            return;
        }
        if (c.display != null) {
            y.append(", display: ").append(text(c.display, c.display));
        }
        y.append("}\n");
    }

    private static void field(StringBuilder y, int indent, String name, String value) {
        if (value != null) {
            y.append(" ".repeat(indent))
                    .append(name)
                    .append(": ")
                    .append(quote(value))
                    .append('\n');
        }
    }

    private static String text(String nl, String en) {
        return "{nl: " + quote(nl) + ", en: " + quote(en) + "}";
    }

    /** Double-quoted, so no value can be read as YAML syntax, a number or a boolean. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
