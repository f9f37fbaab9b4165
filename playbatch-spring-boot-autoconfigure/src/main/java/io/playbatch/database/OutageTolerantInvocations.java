package io.playbatch.database;

import java.util.ArrayList;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.Entity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes every call on a database-facing object ride out an outage. A call inside a transaction of
 * the {@link OutageTolerantTransactionManager} joins it and is retried with it, by its boundary.
 * Any other call is retried as a whole: on the application's {@code JdbcTemplate}, where a
 * transaction synchronization is active (a Spring Batch step), it runs in a transaction of its own
 * ({@link #ownTransactions}), which means a fresh pooled connection, so a connection Spring bound to
 * the step's thread (and which the server may have terminated) is never reused; elsewhere it runs
 * as it is (auto-commit); Spring Batch's {@code JobRepository} opens its own transactions and refuses to create
 * executions inside one ({@link #asIs}). Spring Batch entities passed to a call get their
 * optimistic-locking version back before each attempt, since a failed attempt may have counted it
 * up without the database having committed it.
 */
public final class OutageTolerantInvocations implements MethodInterceptor {

    private final OutageTolerantTransactionManager manager;
    /** A plain template: the retry is this interceptor's, around it. */
    private final TransactionTemplate transactions;

    private OutageTolerantInvocations(OutageTolerantTransactionManager manager, boolean ownTransactions) {
        this.manager = manager;
        this.transactions = ownTransactions ? new TransactionTemplate(manager) : null;
    }

    /** A proxy of {@code target} whose calls outside a transaction each run in a retried transaction of their own. */
    public static <T> T ownTransactions(T target, Class<T> type, PlatformTransactionManager transactionManager) {
        return proxy(target, type, transactionManager, true);
    }

    /** A proxy of {@code target} whose calls outside a transaction are retried as they are. */
    public static <T> T asIs(T target, Class<T> type, PlatformTransactionManager transactionManager) {
        return proxy(target, type, transactionManager, false);
    }

    /** A class proxy for a class (so it is still a {@code T}), an interface proxy for an interface. */
    private static <T> T proxy(T target, Class<T> type, PlatformTransactionManager transactionManager,
            boolean ownTransactions) {
        if (!(transactionManager instanceof OutageTolerantTransactionManager manager)) {
            return target;
        }
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(!type.isInterface());
        if (type.isInterface()) {
            factory.setInterfaces(type);
        }
        factory.addAdvice(new OutageTolerantInvocations(manager, ownTransactions));
        return type.cast(factory.getProxy(target.getClass().getClassLoader()));
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        if (invocation.getMethod().getDeclaringClass() == Object.class || manager.inTransaction()) {
            return invocation.proceed();
        }
        List<Versioned> versions = versions(invocation.getArguments());
        String what = invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName();
        try {
            // Only where Spring may have bound a connection to the thread (a synchronization is active, as in a
            // Spring Batch step) does a call need a transaction of its own to be sure of a fresh connection.
            return manager.outage().ride(what, () -> transactions == null
                    || !TransactionSynchronizationManager.isSynchronizationActive() ? attempt(invocation, versions)
                    : transactions.execute(status -> attempt(invocation, versions)));
        } catch (CheckedFailure e) {
            throw e.getCause();
        }
    }

    private static Object attempt(MethodInvocation invocation, List<Versioned> versions) {
        versions.forEach(Versioned::restore);
        try {
            return ((ProxyMethodInvocation) invocation).invocableClone().proceed();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CheckedFailure(e);
        }
    }

    private static List<Versioned> versions(Object[] arguments) {
        List<Versioned> versions = new ArrayList<>();
        for (Object argument : arguments) {
            if (argument instanceof Entity entity) {
                versions.add(new Versioned(entity, entity.getVersion()));
            }
        }
        return versions;
    }

    private record Versioned(Entity entity, Integer version) {
        void restore() {
            entity.setVersion(version);
        }
    }

    /** Carries a checked exception of the target through the transaction callback. */
    private static final class CheckedFailure extends RuntimeException {
        CheckedFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
