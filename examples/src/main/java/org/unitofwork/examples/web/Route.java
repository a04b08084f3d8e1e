package org.unitofwork.examples.web;

/**
 * One route of the bank's HTTP API, as {@code GET /} lists it and the server prints it at start.
 *
 * @param method the HTTP method
 * @param path the path, {@code {id}} standing for an account's id
 * @param request an example request body, or {@code null} for none
 * @param answer what the route answers
 */
record Route(String method, String path, String request, String answer) {

    /** The route as one line of the start-up listing. */
    String line() {
        return String.format("  %-4s %-15s %s-> %s", method, path, request == null ? "" : request + " ", answer);
    }
}
