package io.ingestlens.producer.publish;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import java.io.PrintStream;

/** Writes each event as one JSON line on the given stream, and nothing else. */
public final class DryRunSink implements EventSink {

  private final PrintStream out;
  private long written;

  public DryRunSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void publish(IngestionEvent event) {
    byte[] json = EventJson.toBytes(event);
    out.write(json, 0, json.length);
    out.write('\n');
    written++;
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public long delivered() {
    return written;
  }

  @Override
  public long failed() {
    return 0;
  }

  @Override
  public String verb() {
    return "written";
  }

  @Override
  public void close() {
    out.flush();
  }
}
