package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for the answers it gives before any servlet runs (a {@code %00} or
 * {@code %5C} in the path, a request line or headers over the size limit, a malformed request):
 * an RFC 9457 problem instead of Tomcat's HTML page, with no server name, version or stack trace.
 * Installed as the host's error report valve by {@link HttpBoundaryConfiguration}; errors inside the
 * application are answered by {@link ProblemErrorController} first, and this valve then has nothing
 * left to write.
 */
public class ProblemReportValve extends ErrorReportValve {

    private final JsonCodec json = new JsonCodec();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpProblem problem = HttpProblem.of(status, request.getMethod(), request.getDecodedRequestURI(), null);
        try {
            response.setContentType(ProblemResponse.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.write(problem.body(null)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response already went out: there is no one left to tell.
        }
    }
}
