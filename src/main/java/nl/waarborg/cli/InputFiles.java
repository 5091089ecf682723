package nl.waarborg.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import nl.waarborg.errors.StrictUtf8;

/**
 * Files the CLI reads and writes. Every failure is one sentence that names the file and the problem in words ("file
 * not found", "permission denied"); the Java exception behind it is nobody's business at the prompt.
 */
final class InputFiles {

    private InputFiles() {}

    /** The bytes of a file. */
    static byte[] read(Path file, Messages messages) {
        if (Files.isDirectory(file)) {
            throw new CliException(messages.get("file.isFolder", file));
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw readFailure(file, e, messages);
        }
    }

    /**
     * The bytes of a text file that must be UTF-8, checked strictly before they are sent: a wrong byte is reported
     * with its offset, line and column here rather than replaced by U+FFFD somewhere on the way.
     */
    static byte[] readText(Path file, Messages messages) {
        byte[] bytes = read(file, messages);
        if (bytes.length == 0) {
            throw new CliException(messages.get("file.empty", file));
        }
        checkUtf8(file.toString(), bytes, messages);
        return bytes;
    }

    static void checkUtf8(String name, byte[] bytes, Messages messages) {
        StrictUtf8.Decoded decoded = StrictUtf8.decode(bytes);
        if (decoded.valid()) {
            return;
        }
        StrictUtf8.Invalid at = decoded.invalid();
        if (at.utf16()) {
            throw new CliException(messages.get("file.utf16", name));
        }
        throw new CliException(messages.get(
                "file.notUtf8",
                name,
                String.format(Locale.ROOT, "%02X", at.value()),
                Long.toString(at.offset()),
                Integer.toString(at.line()),
                Integer.toString(at.column())));
    }

    /** Writes a file, replacing what was there. */
    static void write(Path file, byte[] content, Messages messages) {
        if (Files.isDirectory(file)) {
            throw new CliException(messages.get("file.isFolder", file));
        }
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw writeFailure(file, e, messages);
        }
    }

    /** Writes a file that holds personal data: created for its owner only (where the file system has permissions). */
    static void writePrivate(Path file, byte[] content, Messages messages) {
        if (Files.isDirectory(file)) {
            throw new CliException(messages.get("file.isFolder", file));
        }
        try {
            Files.deleteIfExists(file);
            if (file.toAbsolutePath()
                    .getFileSystem()
                    .supportedFileAttributeViews()
                    .contains("posix")) {
                Files.createFile(
                        file,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(file, content);
        } catch (IOException e) {
            throw writeFailure(file, e, messages);
        }
    }

    static CliException readFailure(Path file, IOException e, Messages messages) {
        if (e instanceof NoSuchFileException) {
            return new CliException(messages.get("file.notFound", file));
        }
        if (e instanceof AccessDeniedException) {
            return new CliException(messages.get("file.readDenied", file));
        }
        return new CliException(messages.get("file.cannotRead", file, reason(e, messages)));
    }

    static CliException writeFailure(Path file, IOException e, Messages messages) {
        if (e instanceof NoSuchFileException) {
            Path folder = file.toAbsolutePath().getParent();
            return new CliException(messages.get("file.noFolder", file, folder == null ? file : folder));
        }
        if (e instanceof AccessDeniedException) {
            return new CliException(messages.get("file.writeDenied", file));
        }
        return new CliException(messages.get("file.cannotWrite", file, reason(e, messages)));
    }

    /** A file problem when it is not known whether the file was being read or written. */
    static CliException failure(String file, IOException e, Messages messages) {
        if (e instanceof NoSuchFileException) {
            return new CliException(messages.get("file.notFound", file));
        }
        if (e instanceof AccessDeniedException) {
            return new CliException(messages.get("file.denied", file));
        }
        return new CliException(messages.get("file.problem", file, reason(e, messages)));
    }

    /** The operating system's words for the problem (for example "Not a directory"), without the path again. */
    static String reason(IOException e, Messages messages) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? messages.get("file.ioError") : e.getMessage();
    }
}
