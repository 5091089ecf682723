package nl.waarborg.register;

import java.util.List;

/**
 * Why a category is processed, in words and as fideslang data-use keys.
 *
 * @param uses fideslang data-use keys, for example {@code essential.service}
 */
public record Purpose(Text text, List<String> uses) {

    public Purpose {
        uses = List.copyOf(uses);
    }
}
