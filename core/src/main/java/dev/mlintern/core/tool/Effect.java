package dev.mlintern.core.tool;

/** What a tool call does to the world; the policy maps effects to run / ask / refuse. */
public enum Effect {
  /** Reads only; safe to run in parallel with other reads. */
  READ,
  /** Writes inside the session workspace. */
  WRITE,
  /** Runs a command or a local job. */
  EXECUTE,
  /** Runs something the allowlist does not cover (a shell command off the list). */
  EXECUTE_UNLISTED,
  /** Lets code it runs reach the network (a shell command or local job that asked for it). */
  NETWORK,
  /** Costs money (paid jobs, paid inference). */
  SPEND,
  /** Publishes outside the machine (Hub pushes, repo creation). */
  PUBLISH,
  /** Deletes something that cannot be recovered. */
  DELETE,
  /** Touches something outside the session workspace. */
  OUTSIDE_WORKSPACE
}
