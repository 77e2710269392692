package dev.mlintern.compute;

/** A hardware choice an executor offers (HF Jobs flavors), with its price for cost estimates. */
public record Flavor(String name, String hardware, double usdPerHour) {}
