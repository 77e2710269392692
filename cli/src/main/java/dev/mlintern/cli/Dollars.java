package dev.mlintern.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a spending cap such as {@code 5} or {@code 0.50}: a finite, non-negative number of US
 * dollars. A negative or non-finite cap is a usage error rather than a silent "no cap".
 */
final class Dollars implements ITypeConverter<Double> {
  @Override
  public Double convert(String text) {
    double usd;
    try {
      usd = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException(notDollars(text));
    }
    if (!Double.isFinite(usd) || usd < 0) {
      throw new TypeConversionException(notDollars(text));
    }
    return usd;
  }

  private static String notDollars(String text) {
    return "'"
        + text
        + "' is not a spending cap; pass a non-negative number of US dollars, e.g. 5 or 0.50";
  }
}
