package io.playbatch.chunk;

import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.PagingQueryProvider;
import org.springframework.batch.infrastructure.item.database.support.SqlPagingQueryProviderFactoryBean;
import org.springframework.batch.infrastructure.support.DatabaseType;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The paging queries of a sql reader, in the dialect of the database its connection reaches:
 * Spring Batch's own providers ({@link SqlPagingQueryProviderFactoryBean}) for every database it
 * knows, and PostgreSQL's for DuckDB, whose {@code ORDER BY ... LIMIT} paging is the same and which
 * Spring Batch does not list. Stateless.
 */
final class PagingQueries {

    private PagingQueries() {
    }

    /** A provider that reads {@code query}'s rows ordered by {@code sortKeys}, resuming after the last key read. */
    static PagingQueryProvider of(DataSource dataSource, String query, Map<String, Order> sortKeys) throws Exception {
        SqlPagingQueryProviderFactoryBean factory = new SqlPagingQueryProviderFactoryBean();
        factory.setDataSource(dataSource);
        factory.setDatabaseType(databaseType(dataSource).name());
        factory.setSelectClause("SELECT *");
        // No AS before the alias: Oracle refuses it, and every other database takes the alias without it.
        factory.setFromClause("FROM (" + query + ") playbatch_source");
        factory.setSortKeys(sortKeys);
        PagingQueryProvider provider = factory.getObject();
        provider.init(dataSource);
        return provider;
    }

    private static DatabaseType databaseType(DataSource dataSource) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, metaData -> metaData.getDatabaseProductName());
        if ("DuckDB".equalsIgnoreCase(product)) {
            return DatabaseType.POSTGRES;
        }
        try {
            return DatabaseType.fromMetaData(dataSource);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its connection reaches " + product + ", which Spring Batch cannot"
                    + " page: read it with a sql step instead, or from a database Spring Batch knows (PostgreSQL,"
                    + " DuckDB, MySQL, MariaDB, Oracle, SQL Server, DB2, SQLite, H2, HSQL, Derby, HANA, Sybase)", e);
        }
    }
}
