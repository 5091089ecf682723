package nl.waarborg.web;

import java.util.List;

/** A box on the console dashboard; modules contribute one as a bean to show their state. */
public interface DashboardTile {

    /** Message key of the tile's heading. */
    String titleKey();

    /** Permission needed to see the tile, or null for every signed-in staff member. */
    String authority();

    int order();

    List<Figure> figures();

    /**
     * One line of a tile.
     *
     * @param labelKey message key of the label
     * @param value the value, already formatted
     * @param ok false marks the line as needing attention
     */
    record Figure(String labelKey, String value, boolean ok) {
        public static Figure of(String labelKey, Object value) {
            return new Figure(labelKey, String.valueOf(value), true);
        }
    }
}
