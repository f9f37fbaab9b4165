package io.playbatch.compiler.convert;

import java.util.Map;
import java.util.Set;

/**
 * What a Jinja name may refer to where a template sits: the workflow's steps (read as
 * {@code $steps.NAME.data}), the loop variables in scope, and the step's own v1 inputs, whose
 * values replace a bare name that reads them ({@code locals}: name to the input's Jinja text).
 */
record TemplateScope(Set<String> steps, Set<String> loopNames, Map<String, String> locals) {

    TemplateScope {
        steps = Set.copyOf(steps);
        loopNames = Set.copyOf(loopNames);
        locals = Map.copyOf(locals);
    }

    TemplateScope withoutLocals() {
        return new TemplateScope(steps, loopNames, Map.of());
    }
}
