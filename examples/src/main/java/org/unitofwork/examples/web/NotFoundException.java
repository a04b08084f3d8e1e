package org.unitofwork.examples.web;

/** No such resource: answered with 404. */
final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message);
    }
}
