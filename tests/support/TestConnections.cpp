#include "TestConnections.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace TestConnections {

namespace {

std::atomic<int> s_connections{0};

bool prepareMariadbSession(QSqlDatabase &db, QString *error)
{
    // Test set-up SQL quotes names the standard way ("name"), as it does on the other engines; a DROP
    // DATABASE that a forgotten open transaction blocks fails after 10 s instead of hanging the suite.
    return runQuery(db,
                    QStringLiteral("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ANSI_QUOTES,"
                                   "NO_ENGINE_SUBSTITUTION', SESSION lock_wait_timeout = 10"),
                    error);
}

} // namespace

bool runQuery(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("SQL failed: %1\n  in: %2").arg(query.lastError().text(), sql);
    return false;
}

QSqlDatabase addConnection(const QString &driver, const QString &databaseName, const QString &port,
                           const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
    db.setDatabaseName(databaseName);
    if (driver != QLatin1String("QSQLITE")) {
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(port.toInt());
        db.setUserName(driver == QLatin1String("QPSQL") ? QStringLiteral("postgres")
                                                        : QStringLiteral("root"));
    }
    return db;
}

bool withConnection(const QString &driver, const QString &databaseName, const QString &port,
                    const std::function<bool(QSqlDatabase &, QString *)> &work, QString *error)
{
    const QString name = QStringLiteral("pa_testdatabase_%1").arg(s_connections.fetch_add(1));
    bool ok = false;
    {
        QSqlDatabase db = addConnection(driver, databaseName, port, name);
        if (driver == QLatin1String("QPSQL")) {
            db.setConnectOptions(QStringLiteral("connect_timeout=10"));
        } else if (driver == QLatin1String("QMYSQL")) {
            db.setConnectOptions(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10"));
        } else {
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        }
        if (!db.open()) {
            if (error)
                *error = QStringLiteral("cannot open %1 database %2: %3")
                             .arg(driver, databaseName, db.lastError().text());
        } else if (driver == QLatin1String("QPSQL") &&
                   !runQuery(db, QStringLiteral("SET client_min_messages TO warning"), error)) {
            // (the setting keeps libpq from printing NOTICEs, e.g. of DROP ... IF EXISTS, on stderr)
            db.close();
        } else if (driver == QLatin1String("QMYSQL") && !prepareMariadbSession(db, error)) {
            db.close();
        } else {
            ok = work(db, error);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool withAdminConnection(const QString &port, const std::function<bool(QSqlDatabase &, QString *)> &work,
                         QString *error)
{
    return withConnection(QStringLiteral("QPSQL"), QStringLiteral("postgres"), port, work, error);
}

bool withMariadbAdminConnection(const QString &port,
                                const std::function<bool(QSqlDatabase &, QString *)> &work, QString *error)
{
    return withConnection(QStringLiteral("QMYSQL"), QStringLiteral("mysql"), port, work, error);
}

QString driverOf(const QString &engine)
{
    if (engine == QLatin1String("postgres"))
        return QStringLiteral("QPSQL");
    if (engine == QLatin1String("mariadb"))
        return QStringLiteral("QMYSQL");
    return QStringLiteral("QSQLITE");
}

} // namespace TestConnections
