package dev.mlintern.research.library;

/**
 * A library search hit: the paper's library id, its title and path, the best-matching section and a
 * snippet.
 */
public record LibraryHit(
    String id,
    String title,
    String path,
    int section,
    String heading,
    double score,
    String snippet) {}
