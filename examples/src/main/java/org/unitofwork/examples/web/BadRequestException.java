package org.unitofwork.examples.web;

/** The request is malformed: answered with 400, after the unit rolled back. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
