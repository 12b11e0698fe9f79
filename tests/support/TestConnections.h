#pragma once

#include <QSqlDatabase>
#include <QString>

#include <functional>

// Short-lived connections to the test servers and files, for setting up and inspecting test databases.
namespace TestConnections {

bool runQuery(QSqlDatabase &db, const QString &sql, QString *error);

// Adds (does not open) connection `name` to `databaseName` with `driver` (QPSQL, QMYSQL or QSQLITE): the test
// servers on loopback at `port`, as their superuser; a file for SQLite.
QSqlDatabase addConnection(const QString &driver, const QString &databaseName, const QString &port,
                           const QString &name);

// Runs `work` on a fresh connection and removes the connection afterwards, as QSqlDatabase::removeDatabase()
// wants: no QSqlDatabase or QSqlQuery of it may survive the call.
bool withConnection(const QString &driver, const QString &databaseName, const QString &port,
                    const std::function<bool(QSqlDatabase &, QString *)> &work, QString *error);

// The PostgreSQL cluster's maintenance database, as its superuser.
bool withAdminConnection(const QString &port, const std::function<bool(QSqlDatabase &, QString *)> &work,
                         QString *error);

// The MariaDB server's `mysql` database, as root.
bool withMariadbAdminConnection(const QString &port,
                                const std::function<bool(QSqlDatabase &, QString *)> &work, QString *error);

// QPSQL, QMYSQL or QSQLITE for a test engine's name.
QString driverOf(const QString &engine);

} // namespace TestConnections
