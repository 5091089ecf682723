package nl.waarborg.statement.internal;

import java.util.List;

/**
 * A statement as a tree of headings, paragraphs, lists and tables, independent of the output format; every format is
 * written from the same tree, so HTML, Markdown, text and PDF never say different things.
 */
public record Doc(String lang, String title, List<Block> blocks) {

    public Doc {
        blocks = List.copyOf(blocks);
    }

    public sealed interface Block permits Heading, Para, Bullets, DataTable {}

    public record Heading(int level, String text, String id) implements Block {}

    public record Para(List<Span> spans) implements Block {
        public Para {
            spans = List.copyOf(spans);
        }

        static Para of(String text) {
            return new Para(List.of(Span.text(text)));
        }
    }

    public record Bullets(List<List<Span>> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /**
     * A table whose rows are grouped, for example by service; the group's name stands in the first column of its first
     * row only, as in a printed statement.
     *
     * @param grouped whether the first column holds the group names
     */
    public record DataTable(String id, String caption, List<String> headers, boolean grouped, List<Group> groups)
            implements Block {
        public DataTable {
            headers = List.copyOf(headers);
            groups = List.copyOf(groups);
        }

        /** All rows as plain cells, the group name in the first cell of each group's first row and empty below. */
        public List<List<String>> flatRows() {
            List<List<String>> rows = new java.util.ArrayList<>();
            for (Group group : groups) {
                for (int i = 0; i < group.rows().size(); i++) {
                    List<String> row = new java.util.ArrayList<>();
                    if (grouped) {
                        row.add(i == 0 ? group.name() : "");
                    }
                    row.addAll(group.rows().get(i));
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    public record Group(String name, List<List<String>> rows) {
        public Group {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A piece of text, a link when {@code href} is set. */
    public record Span(String text, String href) {
        public static Span text(String text) {
            return new Span(text, null);
        }

        public static Span link(String text, String href) {
            return new Span(text, href);
        }
    }
}
