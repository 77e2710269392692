package dev.mlintern.research.http;

/**
 * A client's answer and where it came from, so callers can say "from cache" when it did not come
 * live.
 */
public record Answer<T>(T value, Origin origin) {}
