package io.ingestlens.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.e2e.grafana.TemplateInterpolation.Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateInterpolationTest {

  private static final Map<String, String> BUILT_INS = builtIns();

  private static Map<String, String> builtIns() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("__rate_interval", "40s");
    values.put("__interval", "10s");
    values.put("__range_s", "300");
    values.put("__range", "300s");
    return values;
  }

  private static String prom(String text, Selection... selections) {
    return TemplateInterpolation.interpolate(text, vars(selections), Map.of(), BUILT_INS, Dialect.PROMETHEUS);
  }

  private static Map<String, Selection> vars(Selection... selections) {
    Map<String, Selection> vars = new LinkedHashMap<>();
    for (Selection s : selections) {
      vars.put(s.name(), s);
    }
    return vars;
  }

  @Test
  void allIsTheCustomAllValueUnescaped() {
    assertThat(prom("x{s=~\"$source\"}", Selection.all("source", ".*"))).isEqualTo("x{s=~\".*\"}");
  }

  @Test
  void picksAreRegexEscapedAndJoinedPerDataSource() {
    Selection two = Selection.of("source", List.of("PowerBI", "a.b"));
    assertThat(prom("x{s=~\"$source\"}", two)).isEqualTo("x{s=~\"(PowerBI|a\\\\.b)\"}");
    assertThat(TemplateInterpolation.interpolate("{s=~\"$source\"}", vars(two), Map.of(), Map.of(), Dialect.LOKI))
        .isEqualTo("{s=~\"PowerBI|a\\\\.b\"}");
    assertThat(prom("x{s=~\"$source\"}", Selection.of("source", List.of("Efficy")))).isEqualTo("x{s=~\"Efficy\"}");
  }

  @Test
  void everyVariableSyntaxIsReplaced() {
    Selection ds = Selection.single("prom_ds", "prometheus");
    Selection source = Selection.of("source", List.of("Efficy"));
    assertThat(prom("${prom_ds} [[source]] $source ${source}", ds, source)).isEqualTo("prometheus Efficy Efficy Efficy");
  }

  @Test
  void builtInsAreLeftToTheBackendThenReplacedLongestFirst() {
    assertThat(prom("rate(x[$__rate_interval]) [$__interval] $__range_s $__range ${__range}"))
        .isEqualTo("rate(x[40s]) [10s] 300 300s 300s");
  }

  @Test
  void scopedVariablesOfLinksAreReplacedAsTheyAre() {
    String url = "/explore?q=${__value.raw}&from=${__from}&ds=${tempo_ds}";
    String out =
        TemplateInterpolation.interpolate(
            url, vars(Selection.single("tempo_ds", "tempo")), Map.of("__value.raw", "abc", "__from", "1"), Map.of(), Dialect.TEXT);
    assertThat(out).isEqualTo("/explore?q=abc&from=1&ds=tempo");
  }

  @Test
  void unknownVariablesAreLeftAndReported() {
    String out = prom("x{a=\"$nope\", b=\"${__span.tags.k}\"}");
    assertThat(TemplateInterpolation.unresolved(out)).containsExactly("$nope", "${__span.tags.k}");
  }
}
