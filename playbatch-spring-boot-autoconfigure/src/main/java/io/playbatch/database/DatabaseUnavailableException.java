package io.playbatch.database;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
/** The database cannot be reached or started; the message says what to do about it. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseUnavailableException(String message) {
        super(message);
    }

    /** A connection failed: names the URL and the driver's reason, and what to check. */
    public static DatabaseUnavailableException cannotConnect(DataSource dataSource, Throwable cause) {
        String url = dataSource instanceof HikariDataSource hikari ? hikari.getJdbcUrl() : "the database";
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new DatabaseUnavailableException("Cannot connect to PostgreSQL at " + url + ": " + root.getMessage()
                + ". Check --db-url (PLAYBATCH_DB_URL), --db-user and --db-password, and that the server is running;"
                + " without --db-url Playbatch uses its embedded PostgreSQL.", cause);
    }
}
