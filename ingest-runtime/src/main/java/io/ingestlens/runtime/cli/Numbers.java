package io.ingestlens.runtime.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Number converters whose messages say what is wrong with the value ("not an integer", "must be
 * at least 1"), so that a one-line error can put the flag or the variable in front of them.
 */
public final class Numbers {

  private Numbers() {}

  /** Any whole number that fits an int. */
  public static final class Int implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return parseInt(value);
    }
  }

  /** A whole number of at least 1 (a count of workers, partitions...). */
  public static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n = parseInt(value);
      if (n < 1) {
        throw new TypeConversionException("must be at least 1");
      }
      return n;
    }
  }

  /** A whole number of 0 or more (a window size where 0 switches the feature off...). */
  public static final class NonNegativeInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n = parseInt(value);
      if (n < 0) {
        throw new TypeConversionException("must be 0 or more");
      }
      return n;
    }
  }

  /** Any whole number that fits a long. */
  public static final class Long implements ITypeConverter<java.lang.Long> {
    @Override
    public java.lang.Long convert(String value) {
      try {
        return java.lang.Long.valueOf(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("not an integer");
      }
    }
  }

  /** Any finite decimal number. */
  public static final class Decimal implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d;
      try {
        d = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("not a number");
      }
      if (!Double.isFinite(d)) {
        throw new TypeConversionException("not a finite number");
      }
      return d;
    }
  }

  static int parseInt(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("not an integer");
    }
  }
}
