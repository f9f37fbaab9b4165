package io.playbatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem statuses an API operation answers besides those every operation may answer
 * (400, 406, 500; and 401, 403, 413 on state-changing ones): {@link ApiDescription} declares them in
 * the OpenAPI description as {@code application/problem+json} {@code ProblemDetail} responses.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface ProblemResponses {

    /** HTTP statuses, e.g. {@code {404, 409}}. */
    int[] value();
}
