package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.dsl.HttpAuthType;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the {@code auth} arg of {@code http} tasks (docs/dsl.md#http-auth): a mapping whose
 * {@code type} is {@code bearer} (with {@code token}), {@code basic} ({@code user},
 * {@code password}) or {@code api_key} ({@code header}, {@code value}), nothing else, and no header
 * of the same name in {@code headers} too. A value written as a template is checked when it renders.
 * Workbook tasks, steps and a step's {@code task.args} (which replaces a workbook task's
 * {@code auth} whole) are each checked. Stateless.
 */
public final class HttpAuthCheck {

    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public void validate(PlaybookDocument document, Diagnostics out) {
        Map<String, PlaybookDocument.WorkbookTask> workbook = new HashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            if (task.name() != null) {
                workbook.putIfAbsent(task.name(), task);
            }
            if ("http".equals(task.type())) {
                check(task.args(), "workbook task `" + task.name() + "`", "args", out);
            }
        }
        for (PlaybookDocument.Step step : document.workflow()) {
            String where = "step `" + step.name() + "`";
            if ("http".equals(step.type())) {
                check(step.args(), where, "args", out);
            }
            if (step.task() != null) {
                PlaybookDocument.WorkbookTask called = workbook.get(step.task().workbook());
                if (called != null && "http".equals(called.type())) {
                    check(step.task().args(), where, "task.args", out);
                }
            }
        }
    }

    private static void check(YamlMap args, String where, String path, Diagnostics out) {
        if (args == null || !args.has("auth")) {
            return;
        }
        String field = where + ": " + path + ".auth";
        YamlNode node = args.get("auth");
        if (node instanceof YamlScalar scalar && scalar.value() instanceof String text && text.contains("$")) {
            return;
        }
        if (!(node instanceof YamlMap auth)) {
            out.error(DiagnosticCode.WRONG_TYPE, args.valuePosition("auth"), field + " is not a mapping",
                    "a mapping such as `{type: bearer, token: \"$secrets.api_token\"}`");
            return;
        }
        if (!auth.has("type")) {
            out.error(DiagnosticCode.MISSING_KEY, auth.position(), field + " has no `type`"
                    + " (bearer, basic or api_key)", "type");
            return;
        }
        String type = auth.get("type") instanceof YamlScalar scalar ? scalar.text() : null;
        if (type != null && type.contains("$")) {
            return;
        }
        Optional<HttpAuthType> known = HttpAuthType.named(type);
        if (known.isEmpty()) {
            out.error(DiagnosticCode.INVALID_VALUE, auth.valuePosition("type"), field + ".type is `" + type
                    + "`, which is not an auth type", Suggestions.closest(String.valueOf(type), HttpAuthType.names())
                            .map(t -> "did you mean `" + t + "`? ").orElse("")
                            + "write `type:` " + HttpAuthType.described());
            return;
        }
        List<String> fields = known.get().fields();
        for (YamlMap.Entry entry : auth.entries()) {
            if (!entry.key().equals("type") && !fields.contains(entry.key())) {
                // `username` for `user`, `token_value` for `token`: v1 and other tools name fields at length.
                Optional<String> meant = Suggestions.closest(entry.key(), fields)
                        .or(() -> fields.stream().filter(entry.key()::startsWith).findFirst());
                out.error(DiagnosticCode.UNKNOWN_KEY, entry.keyPosition(), field + "." + entry.key()
                        + " is not a field of `type: " + type + "`", meant.map(f -> "did you mean `" + f + "`? ")
                                .orElse("") + "`type: " + type + "` takes " + String.join(" and ", fields.stream()
                                        .map(f -> "`" + f + "`").toList()));
            }
        }
        for (String required : fields) {
            if (!auth.has(required)) {
                out.error(DiagnosticCode.MISSING_KEY, auth.position(), field + " of `type: " + type + "` has no `"
                        + required + "`", required);
            }
        }
        String header = known.get() == HttpAuthType.API_KEY ? auth.string("header") : "Authorization";
        if (header == null || header.contains("$")) {
            return;
        }
        if (!HEADER_NAME.matcher(header).matches()) {
            out.error(DiagnosticCode.INVALID_VALUE, auth.valuePosition("header"), field + ".header `" + header
                    + "` is not an HTTP header name", "write a name of letters, digits and `-`, such as `X-Api-Key`");
        } else if (args.get("headers") instanceof YamlMap headers
                && headers.entries().stream().anyMatch(h -> h.key().equalsIgnoreCase(header))) {
            out.error(DiagnosticCode.INVALID_VALUE, headers.keyPosition(headers.entries().stream()
                    .filter(h -> h.key().equalsIgnoreCase(header)).findFirst().orElseThrow().key()),
                    field + " and " + path + ".headers both set the header `" + header + "`",
                    "remove `" + header + "` from `headers`: `auth` sets it");
        }
    }
}
