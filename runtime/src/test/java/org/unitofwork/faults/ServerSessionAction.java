package org.unitofwork.faults;

/**
 * What {@link FaultProxy#cutAfterNextCommit(ServerSessionAction)} does once the server has answered the
 * commit and before the proxy cuts the connection, such as ending that session from the server's side.
 */
@FunctionalInterface
public interface ServerSessionAction {

    /**
     * Acts on the server.
     *
     * @param serverSessionId the server's id of the session whose commit was cut: the backend's process
     *     id on PostgreSQL (for {@code pg_terminate_backend}), the connection id on MariaDB (for {@code KILL})
     * @throws Exception when the action fails; {@link CommitFault#actionFailure()} reports it
     */
    void run(long serverSessionId) throws Exception;
}
