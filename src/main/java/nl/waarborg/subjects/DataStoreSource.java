package nl.waarborg.subjects;

import java.util.List;

/**
 * Supplies places that come and go while Waarborg runs, such as the connected systems of the current register
 * version. A place that is always there is simply a {@link DataStore} bean.
 */
public interface DataStoreSource {

    /** The places as they are now; the list must not change while a caller holds it. */
    List<DataStore> stores();
}
