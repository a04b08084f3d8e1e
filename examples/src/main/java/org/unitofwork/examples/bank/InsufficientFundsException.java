package org.unitofwork.examples.bank;

/** A transfer would overdraw its source account: a business failure, so the unit rolls back. */
public final class InsufficientFundsException extends Exception {
    private static final long serialVersionUID = 1L;

    InsufficientFundsException(int account, long amount) {
        super("account " + account + " cannot pay " + amount);
    }
}
