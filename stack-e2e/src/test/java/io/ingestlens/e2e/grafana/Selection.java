package io.ingestlens.e2e.grafana;

import java.util.List;

/**
 * The current value of one dashboard variable: All, or the values a user picked.
 *
 * @param name the variable's name
 * @param values the picked values (empty when {@code all})
 * @param all whether "All" is selected
 * @param allValue the variable's custom all value ({@code allValue}), or null
 * @param multi whether several values may be picked ({@code multi})
 * @param includeAll whether the variable offers "All" ({@code includeAll})
 */
public record Selection(
    String name, List<String> values, boolean all, String allValue, boolean multi, boolean includeAll) {

  public Selection {
    values = List.copyOf(values);
  }

  /** A multi-value variable with "All" selected. */
  public static Selection all(String name, String allValue) {
    return new Selection(name, List.of(), true, allValue, true, true);
  }

  /** A multi-value variable with these values selected. */
  public static Selection of(String name, List<String> values) {
    return new Selection(name, values, false, null, true, true);
  }

  /** A single-value variable without "All" (data source variables). */
  public static Selection single(String name, String value) {
    return new Selection(name, List.of(value), false, null, false, false);
  }

  @Override
  public String toString() {
    return name + "=" + (all ? "All" : String.join(",", values));
  }
}
