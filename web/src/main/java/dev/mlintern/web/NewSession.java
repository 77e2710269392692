package dev.mlintern.web;

/**
 * What the new-session form asks for. Blank optional fields are null; {@code maxUsd} and {@code
 * maxMinutes} are budgets (null = the engine's defaults); {@code executor} is local, slurm or
 * hf-jobs.
 */
public record NewSession(
    String goal, String data, String model, Double maxUsd, Integer maxMinutes, String executor) {}
