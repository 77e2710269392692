package dev.mlintern.compute.ledger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * Which sessions are running right now, so a start-up sweep cancels only jobs whose session died: a
 * session takes a lease (its process id and host) when it starts and drops it when it ends; a lease
 * whose process is gone on this host is dead. A session on another host is assumed alive (we cannot
 * see its process).
 */
public final class SessionLeases {
  private final LedgerDb db;
  private final Clock clock;
  private final long pid;
  private final String host;

  public SessionLeases(LedgerDb db, Clock clock, long pid, String host) {
    this.db = db;
    this.clock = clock;
    this.pid = pid;
    this.host = host;
  }

  public static SessionLeases forThisProcess(LedgerDb db, Clock clock) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return new SessionLeases(db, clock, ProcessHandle.current().pid(), host);
  }

  public void acquire(String sessionId) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO leases (session_id, pid, host, started_at) VALUES (?,?,?,?)")) {
            s.setString(1, sessionId);
            s.setLong(2, pid);
            s.setString(3, host);
            s.setString(4, clock.instant().toString());
            return s.executeUpdate();
          }
        });
  }

  public void release(String sessionId) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM leases WHERE session_id = ?")) {
            s.setString(1, sessionId);
            return s.executeUpdate();
          }
        });
  }

  public boolean running(String sessionId) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT pid, host FROM leases WHERE session_id = ?")) {
            s.setString(1, sessionId);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return false;
              }
              long holder = r.getLong(1);
              if (!host.equals(r.getString(2))) {
                return true;
              }
              return ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false);
            }
          }
        });
  }
}
