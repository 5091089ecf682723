/**
 * Owns traffic data: call-detail records from PBXs (Asterisk, FreeSWITCH, 3CX, JSON lines) imported in daily
 * partitions, a person's calls by number, and the traffic data as a place behind the store seam.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Traffic data")
package nl.waarborg.traffic;
