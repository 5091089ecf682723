package nl.waarborg.register;

import java.util.List;

/** A service of the provider (general, internet, VoIP, alarm, …) with the categories processed for it. */
public record Service(String key, Text name, int order, List<DataCategory> categories) {

    public Service {
        categories = List.copyOf(categories);
    }
}
