package org.unitofwork.examples.bank;

/** A failure the demo injects between a transfer's debit and its credit, as a crash would strike. */
final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(long transferId) {
        super("fault injected in the middle of transfer " + transferId);
    }
}
