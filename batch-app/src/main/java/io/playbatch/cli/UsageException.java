package io.playbatch.cli;

/** The command line is wrong; the message says what to write instead. Exit code 2. */
class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
