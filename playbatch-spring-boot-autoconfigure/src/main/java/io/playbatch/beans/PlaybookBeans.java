package io.playbatch.beans;

import io.playbatch.compiler.validate.Suggestions;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The beans of the application that playbooks may call (docs/beans.md): those named by
 * {@code playbatch.beans.allowed} and those of {@code playbatch.beans.packages}. A lookup checks the
 * name against them, then the bean's type against what the place needs, so a playbook reaches no
 * other bean and a wrong one is an error that says what to write. Thread-safe.
 */
public class PlaybookBeans {

    private final ListableBeanFactory factory;
    private final Set<String> callable;

    public PlaybookBeans(ListableBeanFactory factory, BeansProperties properties, ScannedBeans scanned) {
        this.factory = factory;
        Set<String> names = new TreeSet<>(properties.allowed());
        names.addAll(scanned.names());
        this.callable = Set.copyOf(names);
    }

    /** The names playbooks may use that name a bean of this application: the compiler checks against them (PB091). */
    public Set<String> names() {
        Set<String> existing = new TreeSet<>();
        callable.stream().filter(factory::containsBean).forEach(existing::add);
        return existing;
    }

    /**
     * The callable bean {@code name}, which must be one of {@code types}.
     *
     * @param where the place in the playbook, for the message: "step enrich", "chunk step copy: processor"
     * @throws BeanNotCallableException when the bean may not be called, does not exist or has another type
     */
    public Object get(String name, String where, Class<?>... types) {
        if (!callable.contains(name) || !factory.containsBean(name)) {
            Set<String> names = names();
            throw new BeanNotCallableException(where + ": `" + name + "` is not a bean playbooks may call; "
                    + Suggestions.didYouMean(name, names, names.isEmpty()
                            ? "no bean is: list it in playbatch.beans.allowed or declare it in a package of"
                                    + " playbatch.beans.packages (docs/beans.md)"
                            : "they are " + String.join(", ", names)));
        }
        Object bean = factory.getBean(name);
        for (Class<?> type : types) {
            if (type.isInstance(bean)) {
                return bean;
            }
        }
        throw new BeanNotCallableException(where + ": bean `" + name + "` is a " + bean.getClass().getName()
                + ", not a " + String.join(" or ", Arrays.stream(types).map(Class::getName).toList()));
    }
}
