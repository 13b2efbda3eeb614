package io.ingestlens.e2e.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** GET requests to a backend's HTTP API, answers read as JSON. */
public final class JsonHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  public JsonHttp(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String url(String path, Map<String, String> params) {
    String query =
        params.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return baseUrl + path + (query.isEmpty() ? "" : "?" + query);
  }

  /** The answer as JSON; a status other than 200 (or 404 when {@code notFoundIsNull}) fails. */
  public JsonNode get(String path, Map<String, String> params) {
    return send(url(path, params), false);
  }

  /** As {@link #get}, but a 404 gives null. */
  public JsonNode getOrNull(String path, Map<String, String> params) {
    return send(url(path, params), true);
  }

  /** The answer as text (a {@code /metrics} page, say); a status other than 200 fails. */
  public String getText(String path) {
    String url = url(path, Map.of());
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new BackendException("GET " + url + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
      }
      return response.body();
    } catch (IOException e) {
      throw new BackendException("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted: GET " + url, e);
    }
  }

  private static JsonNode send(String url, boolean notFoundIsNull) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404 && notFoundIsNull) {
        return null;
      }
      if (response.statusCode() != 200) {
        throw new BackendException("GET " + url + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
      }
      return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new BackendException("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted: GET " + url, e);
    }
  }

  /** A JSON answer cut to a readable length, for failure messages. */
  public static String abbreviateJson(JsonNode node) {
    return abbreviate(node.toString());
  }

  static String abbreviate(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "...";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A backend refused or failed a request; the message has the URL and the answer. */
  public static final class BackendException extends RuntimeException {
    BackendException(String message) {
      super(message);
    }

    BackendException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
