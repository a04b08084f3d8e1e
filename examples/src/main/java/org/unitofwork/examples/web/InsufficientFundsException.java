package org.unitofwork.examples.web;

/** A transfer would overdraw its source account: answered with 409, after the unit rolled back. */
final class InsufficientFundsException extends Exception {
    private static final long serialVersionUID = 1L;

    InsufficientFundsException(long account, long amount) {
        super("account " + account + " cannot pay " + amount);
    }
}
