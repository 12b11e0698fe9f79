#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

class DatabaseEngine;

// What went wrong in one failed statement, in terms a front end can act on, and the database's own message
// as one line. QSqlError::text() is the driver's raw text: libpq's multi-line "ERROR:  ...\n\tHINT ..." plus
// "QPSQL: Unable to create query", or SQLite's message with its numeric code elsewhere; people need the
// server's sentence, and the front ends need to tell a lost connection or a lock from a refused row.
class SqlFailure
{
public:
    enum class Kind {
        Other,
        ConnectionLost,   // the server went away (terminated backend, shutdown, network)
        Busy,             // SQLite: another connection held the lock for the whole busy timeout
        ReadOnly,         // a read-only file, standby or read-only transaction
        PermissionDenied, // the role lacks a privilege ("permission denied for table ...")
        Constraint,       // NOT NULL, CHECK, UNIQUE, FOREIGN KEY, too long for the column
        NotADatabase      // SQLite: the file is not a database or is damaged
    };

    // The engine reads nativeErrorCode() (SQLite's result code, PostgreSQL's SQLSTATE) into a kind.
    SqlFailure(const QSqlError &error, const DatabaseEngine &engine);
    // The same for an error met on `db`, read by the engine behind its driver.
    SqlFailure(const QSqlError &error, const QSqlDatabase &db);

    Kind kind() const { return m_kind; }
    // The database's message on one line, without "ERROR:"/"FATAL:" and without a final period; the driver's
    // text when the database said nothing.
    QString message() const { return m_message; }
    QString code() const { return m_code; }

    // Marks the failure as a lost connection: used when even ROLLBACK fails on PostgreSQL, which means the
    // connection is gone although the first error carried no SQLSTATE.
    void setConnectionLost() { m_kind = Kind::ConnectionLost; }

    // libpq's and SQLite's multi-line text as one line (continuation lines joined, severity words dropped).
    static QString oneLine(const QString &text);

private:
    Kind m_kind = Kind::Other;
    QString m_message;
    QString m_code;
};
