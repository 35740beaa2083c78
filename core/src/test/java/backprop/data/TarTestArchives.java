package backprop.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds small tar archives for tests, writing ustar headers by hand (POSIX.1-1988). */
final class TarTestArchives {
    record Entry(String name, char type, byte[] content) {
        static Entry file(String name, String content) {
            return new Entry(name, '0', content.getBytes(StandardCharsets.UTF_8));
        }

        static Entry file(String name, byte[] content) {
            return new Entry(name, '0', content);
        }

        static Entry directory(String name) {
            return new Entry(name, '5', new byte[0]);
        }

        /** A pax extended header that renames the entry after it. */
        static Entry paxPath(String path) {
            String record = " path=" + path + "\n";
            int length = record.length();
            length += String.valueOf(length + String.valueOf(length).length()).length();
            return new Entry("PaxHeader", 'x', (length + record).getBytes(StandardCharsets.UTF_8));
        }
    }

    private TarTestArchives() {
    }

    static byte[] tar(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            out.writeBytes(header(entry));
            out.writeBytes(entry.content());
            out.writeBytes(new byte[(512 - entry.content().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static byte[] header(Entry entry) {
        byte[] header = new byte[512];
        String name = entry.name();
        String prefix = "";
        if (name.length() > 100) {
            int slash = name.lastIndexOf('/', 155);
            prefix = name.substring(0, slash);
            name = name.substring(slash + 1);
        }
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0001750");
        put(header, 116, "0001750");
        put(header, 124, String.format("%011o", entry.content().length));
        put(header, 136, String.format("%011o", 1_600_000_000L));
        header[156] = (byte) entry.type();
        put(header, 257, "ustar");
        put(header, 263, "00");
        put(header, 345, prefix);
        putChecksum(header, 0);
        return header;
    }

    /** {@code archive} with the first header's bytes from {@code offset} replaced by {@code value}, its checksum made right. */
    static byte[] withHeaderField(byte[] archive, int offset, byte[] value) {
        byte[] changed = archive.clone();
        System.arraycopy(value, 0, changed, offset, value.length);
        putChecksum(changed, 0);
        return changed;
    }

    private static void putChecksum(byte[] archive, int headerStart) {
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : archive[headerStart + i] & 0xFF;
        }
        System.arraycopy(String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII), 0, archive,
                headerStart + 148, 8);
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
