package io.playbatch.api;

/** A resource other than an execution (a run, a playbook) does not exist; 404 problem details. */
class NotFoundException extends RuntimeException {

    private final String slug;
    private final String title;

    NotFoundException(String slug, String title, String message) {
        super(message);
        this.slug = slug;
        this.title = title;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }
}
