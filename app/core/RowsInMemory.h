#pragma once

#include <QList>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

// Every row of an executed query, copied out of the driver, as a QSqlQuery that QSqlQueryModel and
// QSqlTableModel can show. A model that kept the driver's own result would read it again on every data()
// call, also after the server dropped the connection and it was opened again: QMYSQL's prepared statement
// dies with its connection, and reading it then touches freed memory. These copies never go back to the
// driver, so a page and its held edits stay readable whatever happens to the connection.
namespace RowsInMemory {

// Reads every row of `query` (executed and active), then finishes it so that the driver lets go of the result
// at once (SQLite's read lock with it). The returned query is active and positioned before the first row, or,
// when `query` failed or a row could not be read, inactive with the driver's error as its lastError().
QSqlQuery readAll(QSqlQuery &query);

} // namespace RowsInMemory
