package io.playbatch.cli;

/** The server the command was sent to cannot be reached or refused it; exit code 3 (environment). */
class RemoteServerException extends RuntimeException {

    RemoteServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
