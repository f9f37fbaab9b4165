package io.playbatch.access;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat's own refusals (before any servlet runs) RFC 9457 problems too, by installing
 * {@link ProblemReportValve} as the host's error report valve in place of Tomcat's HTML one, and
 * lets an encoded slash through to the routes whose ids contain slashes.
 */
@Configuration(proxyBeanMethods = false)
class HttpBoundaryConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                // Spring Boot adds Tomcat's plain valve itself; ours must be the only one that reports.
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve.getClass() == ErrorReportValve.class) {
                        host.getPipeline().removeValve(valve);
                    }
                }
            }
        });
    }

    /**
     * A playbook path or schedule id sent as one encoded segment ({@code examples%2Fhello}), as
     * generated clients send path parameters, reaches the controller, which reads it decoded.
     * Passed through, not decoded: Tomcat's normalisation never sees a slash that was not in the
     * URL, so {@code ..%2F} cannot climb out of a route, and Spring decodes it within one segment.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashes() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }
}
