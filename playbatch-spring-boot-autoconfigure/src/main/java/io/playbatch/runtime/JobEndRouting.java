package io.playbatch.runtime;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The job repository one playbook job runs with: the application's {@link JobRepository} except
 * that the update recording the job's end (the first {@code update(JobExecution)} with a status
 * that is no longer running, which Spring Batch's {@code AbstractJob} makes before its listeners'
 * {@code afterJob}) goes to {@link PlaybookJobListener#end}, which writes it and the ledger's
 * {@code execution_complete} in one transaction through the {@link ExecutionStateWriter}. Every
 * other call, and every later update of the ended job, goes to the application's repository as it is.
 */
final class JobEndRouting implements MethodInterceptor {

    private final PlaybookJobListener listener;

    private JobEndRouting(PlaybookJobListener listener) {
        this.listener = listener;
    }

    /** {@code repository}, with the job's end routed to {@code listener}. */
    static JobRepository around(JobRepository repository, PlaybookJobListener listener) {
        ProxyFactory proxy = new ProxyFactory(repository);
        proxy.setInterfaces(JobRepository.class);
        proxy.addAdvice(new JobEndRouting(listener));
        return (JobRepository) proxy.getProxy(JobEndRouting.class.getClassLoader());
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object[] arguments = invocation.getArguments();
        if ("update".equals(invocation.getMethod().getName()) && arguments.length == 1
                && arguments[0] instanceof JobExecution job && !job.getStatus().isRunning()
                && listener.end(job)) {
            return null;
        }
        return invocation.proceed();
    }
}
