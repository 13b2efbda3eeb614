package io.ingestlens.producer.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How to replay a legacy file.
 *
 * @param file the legacy file
 * @param zone zone of date-times written without an offset
 * @param rebaseTime shift every run so that the newest ends now, spacing kept
 * @param speed pace at this multiple of the original spacing; 0 for as fast as possible
 * @param progressEvery a progress line every this many records (0: by time only)
 * @param progressInterval and at least this often
 */
public record ReplayOptions(
    Path file, ZoneId zone, boolean rebaseTime, double speed, long progressEvery, Duration progressInterval) {}
