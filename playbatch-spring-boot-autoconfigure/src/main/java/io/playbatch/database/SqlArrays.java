package io.playbatch.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/**
 * PostgreSQL array parameters for batched statements ({@code unnest(CAST(:ids AS bigint[]))}): one
 * statement carries a whole batch of rows, which is what keeps the queue and the event log fast
 * (docs/architecture.md#databases). The arrays are created on the statement's own connection. Stateless.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static AbstractSqlTypeValue bigints(List<Long> values) {
        return array("int8", values.toArray(new Long[0]));
    }

    public static AbstractSqlTypeValue ints(List<Integer> values) {
        return array("int4", values.toArray(new Integer[0]));
    }

    public static AbstractSqlTypeValue texts(List<String> values) {
        return array("text", values.toArray(new String[0]));
    }

    public static AbstractSqlTypeValue booleans(List<Boolean> values) {
        return array("bool", values.toArray(new Boolean[0]));
    }

    public static AbstractSqlTypeValue doubles(List<Double> values) {
        return array("float8", values.toArray(new Double[0]));
    }

    private static AbstractSqlTypeValue array(String elementType, Object[] elements) {
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
                return connection.createArrayOf(elementType, elements);
            }
        };
    }
}
