package nl.waarborg.traffic.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of traffic-data ingest.
 *
 * @param pbxZone time zone of the timestamps that Asterisk and FreeSWITCH write without one (their local time)
 * @param threecxZone time zone of 3CX's CDR timestamps (3CX writes UTC)
 * @param threecxFields the field order configured in 3CX's CDR output settings
 * @param asteriskCustomFields the field order of {@code cdr_custom.conf}'s mapping (Asterisk's sample by default)
 * @param partitionsAhead how many days of partitions exist ahead of today
 * @param batchRows rows per committed batch; an interrupted import keeps the batches before it
 * @param maxRejections how many rejected lines an import reports one by one (all are counted)
 */
@Validated
@ConfigurationProperties("waarborg.traffic")
record TrafficProperties(
        @DefaultValue("Europe/Amsterdam") ZoneId pbxZone,
        @DefaultValue("UTC") ZoneId threecxZone,

        @DefaultValue({
            "historyid",
            "callid",
            "duration",
            "time-start",
            "time-answered",
            "time-end",
            "reason-terminated",
            "from-no",
            "to-no",
            "from-dn",
            "to-dn",
            "dial-no",
            "reason-changed",
            "final-number",
            "final-dn",
            "bill-code",
            "bill-rate",
            "bill-cost",
            "bill-name",
            "chain",
            "from-type",
            "to-type",
            "final-type",
            "from-dispname",
            "to-dispname",
            "final-dispname"
        })
        @NotEmpty
        List<String> threecxFields,

        @DefaultValue({
            "clid",
            "src",
            "dst",
            "dcontext",
            "channel",
            "dstchannel",
            "lastapp",
            "lastdata",
            "start",
            "answer",
            "end",
            "duration",
            "billsec",
            "disposition",
            "amaflags",
            "accountcode",
            "uniqueid",
            "userfield",
            "sequence"
        })
        @NotEmpty
        List<String> asteriskCustomFields,

        @DefaultValue("7") @Min(1) @Max(366) int partitionsAhead,
        @DefaultValue("50000") @Min(1) int batchRows,
        @DefaultValue("100") @Min(0) int maxRejections) {}
