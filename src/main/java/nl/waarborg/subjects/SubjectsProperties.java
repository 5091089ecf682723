package nl.waarborg.subjects;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the subjects module.
 *
 * @param keyringFile file with the encryption keys of sensitive records; kept outside the database, owner-only,
 *     created with a fresh key on first start
 * @param recordingsDir folder of the call-recording file store
 * @param rotationBatchSize records re-encrypted per transaction during a key rotation
 * @param rotationInterval how often each instance looks for records still under an old key
 * @param maxRecordingSize largest call recording accepted
 */
@Validated
@ConfigurationProperties("waarborg.subjects")
public record SubjectsProperties(
        @NotBlank @DefaultValue("./data/keyring") String keyringFile,
        @NotBlank @DefaultValue("./data/recordings") String recordingsDir,

        @Min(1) @Max(100000) @DefaultValue("500") int rotationBatchSize,
        @NotNull @DefaultValue("1m") Duration rotationInterval,
        @NotNull @DefaultValue("500MB") DataSize maxRecordingSize) {

    public Path keyringPath() {
        return Path.of(keyringFile).toAbsolutePath().normalize();
    }

    public Path recordingsPath() {
        return Path.of(recordingsDir).toAbsolutePath().normalize();
    }
}
