package dev.mlintern.web;

/**
 * What the new-session form asks for. Blank optional fields are null; {@code maxUsd} and {@code
 * maxMinutes} are budgets (null = the engine's defaults); {@code executor} is local, slurm or
 * hf-jobs; {@code workspace} is the project folder to work in, already checked to lie under the
 * server's {@link WorkspaceRoot} (null = the engine's private workspace).
 */
public record NewSession(
    String goal,
    String data,
    String model,
    Double maxUsd,
    Integer maxMinutes,
    String executor,
    java.nio.file.Path workspace) {}
