package dev.mlintern.research.read;

/**
 * One number from a results table: which table, which row (method / model), which column (metric /
 * dataset).
 */
public record ReportedResult(
    String table, String row, String column, double value, String raw, String location) {}
