package nl.waarborg.subjects;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A part of a person's page in the console that another module contributes (the consent module's history), so this
 * module shows it without depending on that module. The page is read under the staff member's stated purpose, which is
 * audited; a section reads only what it shows.
 */
public interface SubjectPageSection {

    /** The section for the person with these identifiers (normalised), or empty when there is nothing to show. */
    Optional<Section> section(List<Identifier> identifiers, Locale locale);

    /**
     * A titled table, already in the page's language.
     *
     * @param id the fragment id of the section's heading, for links to it
     * @param intro one line under the heading, or null
     */
    record Section(String id, String title, String intro, List<String> headers, List<List<String>> rows) {
        public Section {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }
}
