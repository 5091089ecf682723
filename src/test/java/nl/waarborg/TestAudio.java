package nl.waarborg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Audio for tests: Waarborg refuses an upload whose bytes are not the audio its Content-Type claims. */
public final class TestAudio {

    /** The 44-byte header of an 8 kHz, 16-bit mono PCM WAV file (its data length left open: 0xFFFFFFFF). */
    public static final byte[] WAV_HEADER = wavHeader();

    /** The start of an MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz), as an MP3 file without ID3 tag begins. */
    public static final byte[] MP3_FRAME = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64, 0, 0, 0, 0};

    private TestAudio() {}

    /** A WAV file: the header, then {@code data} as its samples. */
    public static byte[] wav(byte[] data) {
        byte[] file = new byte[WAV_HEADER.length + data.length];
        System.arraycopy(WAV_HEADER, 0, file, 0, WAV_HEADER.length);
        System.arraycopy(data, 0, file, WAV_HEADER.length, data.length);
        return file;
    }

    private static byte[] wavHeader() {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1);
        b.putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
        return b.array();
    }
}
