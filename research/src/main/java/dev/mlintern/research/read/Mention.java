package dev.mlintern.research.read;

/**
 * Something a helper found in a paper: a name (dataset, hyperparameter), its value where there is
 * one, where it was found ({@code §3.1}, {@code Table 2}) and a short snippet of the surrounding
 * text.
 */
public record Mention(String name, String value, String location, String snippet) {}
