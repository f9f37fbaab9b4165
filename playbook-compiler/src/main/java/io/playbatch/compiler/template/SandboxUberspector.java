package io.playbatch.compiler.template;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import org.apache.velocity.runtime.RuntimeServices;
import org.apache.velocity.runtime.parser.node.AbstractExecutor;
import org.apache.velocity.runtime.parser.node.BooleanPropertyExecutor;
import org.apache.velocity.runtime.parser.node.MapGetExecutor;
import org.apache.velocity.runtime.parser.node.PropertyExecutor;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.UberspectImpl;
import org.apache.velocity.util.introspection.VelMethod;
import org.apache.velocity.util.introspection.VelPropertyGet;
import org.apache.velocity.util.introspection.VelPropertySet;

/**
 * The only way a sandboxed template reaches Java: Velocity asks this uberspector for every method
 * call, property read, property write and {@code #foreach} iterator, and it answers from the
 * {@link TemplatePolicy} allowlist by the kind of the receiving value. A method call is allowed only
 * when its name is allowed for the value's {@link ReceiverKind}; a property is a map key, or a
 * getter that is itself an allowed method ({@code $list.size}, {@code $foreach.index}); a call on
 * {@code $fn} runs the {@link TemplateHelper} of that name with that many arguments; anything
 * else, {@code getClass()}, static access through a {@code Class}, reflection, is refused with a
 * {@link TemplateRefusedException}. Writes are refused; iteration covers lists, collections and
 * maps only and stops with a refusal after {@link TemplateLimits#foreachIterations()} items. A
 * string a method returns is bounded by {@link TemplateLimits#renderedBytes()}. Velocity creates it
 * by class name ({@link SandboxedTemplates} configures it); thread-safe once initialised.
 */
public class SandboxUberspector extends UberspectImpl {

    /** Velocity properties {@link SandboxedTemplates} passes the limits through. */
    static final String RENDERED_BYTES = "playbatch.rendered_bytes";
    static final String FOREACH_ITERATIONS = "playbatch.foreach_iterations";

    private final TemplatePolicy policy = TemplatePolicy.standard();
    private long renderedBytes = TemplateLimits.DEFAULT_RENDERED_BYTES;
    private int foreachIterations = TemplateLimits.DEFAULT_FOREACH_ITERATIONS;

    @Override
    public void setRuntimeServices(RuntimeServices services) {
        super.setRuntimeServices(services);
        renderedBytes = Long.parseLong(services.getString(RENDERED_BYTES, String.valueOf(renderedBytes)));
        foreachIterations = services.getInt(FOREACH_ITERATIONS, foreachIterations);
    }

    @Override
    public Iterator<?> getIterator(Object value, Info info) {
        Iterator<?> items;
        if (value instanceof Collection<?> collection) {
            items = collection.iterator();
        } else if (value instanceof Map<?, ?> map) {
            items = map.values().iterator();
        } else {
            throw refused("#foreach can walk a list or a map, not " + ReceiverKind.of(value).description(),
                    "give #foreach a list, for example `#foreach($x in $workload.items)`", info);
        }
        return new CountedIterator<>(items, foreachIterations, info);
    }

    @Override
    public VelMethod getMethod(Object receiver, String name, Object[] args, Info info) {
        if (receiver == null) {
            return null;
        }
        ReceiverKind kind = ReceiverKind.of(receiver);
        if (receiver instanceof TemplateFunctions functions) {
            int count = args == null ? 0 : args.length;
            TemplateHelper.refusal(name, count).ifPresent(refusal -> {
                throw refused(refusal, TemplateHelper.hint(), info);
            });
            return new BoundedMethod(new HelperMethod(functions, TemplateHelper.named(name).orElseThrow()),
                    renderedBytes, info);
        }
        if (!policy.allows(kind, name)) {
            throw refused("templates may not call `" + name + "(...)` on " + kind.description(),
                    allowedHint(kind), info);
        }
        VelMethod found = super.getMethod(receiver, name, args, info);
        return found == null ? null : new BoundedMethod(found, renderedBytes, info);
    }

    @Override
    public VelPropertyGet getPropertyGet(Object receiver, String identifier, Info info) {
        if (receiver == null) {
            return null;
        }
        ReceiverKind kind = ReceiverKind.of(receiver);
        Class<?> type = receiver.getClass();
        String refused = null;
        for (AbstractExecutor executor : new AbstractExecutor[] {
                new PropertyExecutor(log, introspector, type, identifier),
                new MapGetExecutor(log, receiver, identifier),
                new BooleanPropertyExecutor(log, introspector, type, identifier)}) {
            if (!executor.isAlive()) {
                continue;
            }
            if (executor instanceof MapGetExecutor && kind == ReceiverKind.MAP) {
                return new VelGetterImpl(executor);
            }
            String method = executor.getMethod().getName();
            if (policy.allows(kind, method)) {
                return new VelGetterImpl(executor);
            }
            refused = refused == null ? method : refused;
        }
        if (refused != null) {
            throw refused("`." + identifier + "` would call `" + refused + "()` on " + kind.description()
                    + ", which templates may not do", allowedHint(kind), info);
        }
        return null;
    }

    @Override
    public VelPropertySet getPropertySet(Object receiver, String identifier, Object arg, Info info) {
        throw refused("templates only read values: `." + identifier + "` cannot be set",
                "#set a new name instead, for example `#set($total = ...)`", info);
    }

    private String allowedHint(ReceiverKind kind) {
        String methods = policy.methods(kind).isEmpty() ? "no method"
                : String.join("(), ", policy.methods(kind)) + "()";
        return "on " + kind.description() + " templates may call " + methods + "; see " + TemplatePolicy.DOCS;
    }

    static TemplateRefusedException refused(String message, String hint, Info info) {
        String where = info == null ? "" : " (line " + info.getLine() + ", column " + info.getColumn() + ")";
        return new TemplateRefusedException(message + where + "; " + hint);
    }

    /** A method call whose string result, and for {@code replace} its worst case, stays within the size limit. */
    private record BoundedMethod(VelMethod method, long limit, Info info) implements VelMethod {

        @Override
        public Object invoke(Object target, Object[] args) throws IllegalAccessException, InvocationTargetException {
            if (target instanceof CharSequence text && "replace".equals(method.getMethodName()) && args.length == 2) {
                long target0 = length(args[0]);
                long replacement = length(args[1]);
                long worst = target0 == 0 ? text.length() + (text.length() + 1L) * replacement
                        : text.length() + (text.length() / target0) * Math.max(0, replacement - target0);
                check(worst);
            }
            Object result = method.invoke(target, args);
            if (result instanceof CharSequence text) {
                check(text.length());
            }
            return result;
        }

        private void check(long size) {
            if (size > limit) {
                throw refused("a string the template builds would exceed " + limit + " bytes",
                        "build smaller strings, or raise playbatch.limits.rendered-bytes", info);
            }
        }

        private static long length(Object value) {
            return value == null ? 0 : String.valueOf(value).length();
        }

        @Override
        public boolean isCacheable() {
            return method.isCacheable();
        }

        @Override
        public String getMethodName() {
            return method.getMethodName();
        }

        @Override
        public Method getMethod() {
            return method.getMethod();
        }

        @Override
        public Class<?> getReturnType() {
            return method.getReturnType();
        }
    }

    /**
     * A call of a {@link TemplateHelper} on {@code $fn}: dispatched by name, since no Java method of
     * {@link TemplateFunctions} is visible to Velocity ({@code default} could not even be one).
     */
    private record HelperMethod(TemplateFunctions functions, TemplateHelper helper) implements VelMethod {

        @Override
        public Object invoke(Object target, Object[] args) {
            return functions.call(helper, args);
        }

        @Override
        public boolean isCacheable() {
            return false;
        }

        @Override
        public String getMethodName() {
            return helper.helperName();
        }

        @Override
        public Method getMethod() {
            return null;
        }

        @Override
        public Class<?> getReturnType() {
            return Object.class;
        }
    }

    /** An iterator that refuses to go past the {@code #foreach} limit instead of stopping silently. */
    private static final class CountedIterator<T> implements Iterator<T> {

        private final Iterator<T> items;
        private final int limit;
        private final Info info;
        private int count;

        CountedIterator(Iterator<T> items, int limit, Info info) {
            this.items = items;
            this.limit = limit;
            this.info = info;
        }

        @Override
        public boolean hasNext() {
            return items.hasNext();
        }

        @Override
        public T next() {
            if (++count > limit) {
                throw refused("#foreach would visit more than " + limit + " items",
                        "give it a shorter list, use a loop step for long lists, or raise"
                                + " playbatch.limits.foreach-iterations", info);
            }
            return items.next();
        }
    }
}
