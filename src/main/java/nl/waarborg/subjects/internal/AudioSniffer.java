package nl.waarborg.subjects.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.SubjectsException;
import org.apache.tika.Tika;

/**
 * Checks that an uploaded recording is the audio it claims to be, by its first bytes (Apache Tika's magic numbers),
 * not by the Content-Type a client sends: a file that is text, a document or random bytes is refused before any of
 * it is stored, and so is one whose format is not the claimed one.
 */
final class AudioSniffer {

    /** The bytes looked at: enough for every audio format's header. */
    static final int PEEK = 8 * 1024;

    private static final Tika TIKA = new Tika();

    private AudioSniffer() {}

    /** The stream to store, from its first byte, once its start was found to be audio of the claimed format. */
    static InputStream check(InputStream body, String claimed) {
        BufferedInputStream in = new BufferedInputStream(body, PEEK);
        byte[] head;
        try {
            in.mark(PEEK);
            head = in.readNBytes(PEEK);
            in.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("The recording could not be read", e);
        }
        if (head.length == 0) {
            throw new SubjectsException(Kind.INVALID, "body", "The recording is empty");
        }
        String detected = TIKA.detect(head);
        String found = family(detected);
        if (found == null) {
            throw new SubjectsException(
                    Kind.UNSUPPORTED_MEDIA_TYPE,
                    "body",
                    "The file is not audio: its content is " + detected + ", whatever its Content-Type says");
        }
        String expected = family(claimed);
        if (!found.equals(expected)) {
            throw new SubjectsException(
                    Kind.UNSUPPORTED_MEDIA_TYPE,
                    "contentType",
                    "The file is " + detected + ", not the " + claimed + " its Content-Type claims");
        }
        return in;
    }

    /** One name per audio format, whatever alias a system or Tika uses for it; null for what is not audio. */
    static String family(String mediaType) {
        String type = mediaType == null
                ? ""
                : mediaType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return switch (type) {
            case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> "wav";
            case "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg" -> "mp3";
            case "audio/ogg", "application/ogg", "audio/vorbis", "audio/opus", "audio/x-ogg" -> "ogg";
            case "audio/flac", "audio/x-flac" -> "flac";
            case "audio/mp4", "audio/aac", "audio/x-m4a", "audio/m4a", "audio/x-aac" -> "mp4";
            default -> type.startsWith("audio/") ? type.substring("audio/".length()) : null;
        };
    }
}
