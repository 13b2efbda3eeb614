package io.ingestlens.quickstart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

/** Tells whether an OTLP collector listens where the standard variables point. */
final class CollectorProbe {

  private CollectorProbe() {}

  /** The endpoint the SDK would use: OTEL_EXPORTER_OTLP_ENDPOINT, else the protocol's default. */
  static URI endpoint(Map<String, String> env) {
    String configured = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (configured != null && !configured.isBlank()) {
      return URI.create(configured.trim());
    }
    boolean grpc = "grpc".equals(env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
    return URI.create(grpc ? "http://localhost:4317" : "http://localhost:4318");
  }

  static boolean listening(URI endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
