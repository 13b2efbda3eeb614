package io.ingestlens.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 (RFC 3629): no overlong form, no UTF-16 surrogate, nothing past U+10FFFF, no
 * truncated sequence. Jackson's parser is laxer, so {@link EventReader} checks the bytes first. The
 * JDK's {@link java.nio.charset.CharsetDecoder} says the same but decodes every character into a
 * buffer on the way, 2.5 times the cost on the benchmark's events; this only looks, eight ASCII
 * bytes at a time.
 */
final class Utf8 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** The position of the first byte that does not start a well-formed sequence, or -1 when all do. */
  static int firstMalformed(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      while (i + 8 <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i == n) {
        break;
      }
      int c = bytes[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int length;
      int min2 = 0x80;
      int max2 = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        length = 2;
      } else if (c >= 0xe0 && c <= 0xef) {
        length = 3;
        if (c == 0xe0) {
          min2 = 0xa0; // overlong
        } else if (c == 0xed) {
          max2 = 0x9f; // UTF-16 surrogates
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4;
        if (c == 0xf0) {
          min2 = 0x90; // overlong
        } else if (c == 0xf4) {
          max2 = 0x8f; // past U+10FFFF
        }
      } else {
        return i; // a continuation byte, an overlong lead (C0, C1) or F5..FF
      }
      if (i + length > n) {
        return i;
      }
      int c2 = bytes[i + 1] & 0xff;
      if (c2 < min2 || c2 > max2) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xc0) != 0x80) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }
}
