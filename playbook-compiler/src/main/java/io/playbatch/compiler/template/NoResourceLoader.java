package io.playbatch.compiler.template;

import java.io.Reader;
import org.apache.velocity.exception.ResourceNotFoundException;
import org.apache.velocity.runtime.resource.Resource;
import org.apache.velocity.runtime.resource.loader.ResourceLoader;
import org.apache.velocity.util.ExtProperties;

/**
 * The only resource loader of a sandboxed engine: it finds nothing. Velocity requires one, and with
 * it {@code #include}, {@code #parse} and a velocimacro library can read no file, class-path entry
 * or URL, even if a refused directive were ever reached. Stateless.
 */
final class NoResourceLoader extends ResourceLoader {

    @Override
    public void init(ExtProperties configuration) {
        // Nothing to configure: there is nothing to load.
    }

    @Override
    public Reader getResourceReader(String source, String encoding) {
        throw new ResourceNotFoundException("templates cannot read resources: '" + source + "' is not loaded");
    }

    @Override
    public boolean resourceExists(String name) {
        return false;
    }

    @Override
    public boolean isSourceModified(Resource resource) {
        return false;
    }

    @Override
    public long getLastModified(Resource resource) {
        return 0;
    }
}
