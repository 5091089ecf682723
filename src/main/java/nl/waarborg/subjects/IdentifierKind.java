package nl.waarborg.subjects;

/** The kinds of identifier by which a person can be found in the provider's data. */
public enum IdentifierKind {
    EMAIL,
    PHONE,
    IP_ADDRESS,
    MAC_ADDRESS,
    IMEI,
    ICCID,
    IMSI,
    CUSTOMER_NUMBER,
    LINE_ID,
    SERVICE_ID,
    POSTCODE_HOUSE_NUMBER
}
