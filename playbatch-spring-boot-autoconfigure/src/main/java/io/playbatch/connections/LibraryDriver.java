package io.playbatch.connections;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A driver from a lib directory, as {@link java.sql.DriverManager} can use it: the manager hands a
 * caller only drivers its own class loader can see, so the driver, loaded by the lib directory's
 * class loader, is registered through this wrapper, which the application's class loader loads.
 */
final class LibraryDriver implements Driver {

    private final Driver driver;
    private final String source;

    LibraryDriver(Driver driver, String source) {
        this.driver = driver;
        this.source = source;
    }

    /** The wrapped driver's class and the jar it came from, which tell two registrations apart. */
    String identity() {
        return driver.getClass().getName() + " from " + source;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        return driver.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return driver.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return driver.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return driver.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return driver.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return driver.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }
}
