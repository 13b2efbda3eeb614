package io.ingestlens.e2e.grafana;

import io.ingestlens.e2e.grafana.Datasources.DerivedField;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loki's derived fields, as Grafana 12.4 makes them ({@code public/app/plugins/datasource/loki/
 * getDerivedFields.ts}): with {@code matcherType: label} the field's value is the log line's label
 * (stream label, structured metadata or parsed label) named by {@code matcherRegex}; with a regex,
 * the regex's first group in the line. An internal link then runs {@code url}, with
 * {@code ${__value.raw}} replaced, against {@code datasourceUid}.
 */
public final class LogLinks {

  private LogLinks() {}

  public static Optional<String> derivedValue(DerivedField field, String line, Map<String, String> labels) {
    if ("label".equals(field.matcherType())) {
      return Optional.ofNullable(labels.get(field.matcherRegex())).filter(v -> !v.isEmpty());
    }
    Matcher m = Pattern.compile(field.matcherRegex()).matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.ofNullable(m.groupCount() >= 1 ? m.group(1) : m.group());
  }

  /** The query the derived field's internal link runs for this value. */
  public static String linkQuery(DerivedField field, String value) {
    return TemplateInterpolation.interpolate(
        field.url(), Map.of(), Map.of("__value.raw", value), Map.of(), TemplateInterpolation.Dialect.TEXT);
  }
}
