package io.playbatch.beans;

/**
 * A playbook names a bean it may not call, that does not exist, or that is not of the kind its
 * place needs; the message names the place and the bean and says what to change.
 */
public class BeanNotCallableException extends RuntimeException {

    public BeanNotCallableException(String message) {
        super(message);
    }
}
