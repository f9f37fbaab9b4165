package io.playbatch.catalog;

import io.playbatch.compiler.ir.PlaybookGraph;

/**
 * Told when a playbook's registered revision is stored, in the same call as {@code register}, so
 * that what depends on the catalog (the schedule package's Quartz triggers) follows it. The
 * operations service knows only this interface, not who implements it.
 */
public interface RegistrationListener {

    /** {@code graph} is now the registered revision of its path ({@code changed} false: it already was). */
    void registered(PlaybookGraph graph, boolean changed);
}
