package io.playbatch.beans;

import java.util.Set;

/** The names of the beans registered from {@code playbatch.beans.packages} ({@link BeanPackages}). */
public record ScannedBeans(Set<String> names) {

    public ScannedBeans {
        names = Set.copyOf(names);
    }
}
