#pragma once

#include <QMap>
#include <QString>

// What the user typed to name a database (a postgres:// or mysql:// URL, a sqlite:// URL or a plain path),
// parsed once. Empty PostgreSQL parts stay empty so that libpq applies its own defaults (PGHOST, PGUSER,
// ~/.pgpass, the local socket), exactly as psql would; empty MySQL parts come from the option files' [client]
// groups (~/.my.cnf) when the connection opens, as the mysql client takes them.
class DatabaseUrl
{
public:
    enum class Kind { Invalid, PostgreSQL, SQLite, MySQL };

    // Parses `text`; on failure returns an invalid url and sets `error` to one sentence for the user.
    static DatabaseUrl parse(const QString &text, QString *error);

    Kind kind() const { return m_kind; }
    bool isValid() const { return m_kind != Kind::Invalid; }

    // Server parts (empty / -1 when not given).
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString user() const { return m_user; }
    QString password() const { return m_password; }
    QString databaseName() const { return m_database; }
    // Options from the query string, validated: libpq keywords (sslmode, connect_timeout, ...) for
    // PostgreSQL; unix_socket, ssl-mode (upper case) and connect_timeout for MySQL.
    QMap<QString, QString> options() const { return m_options; }

    // SQLite: the absolute file path.
    QString filePath() const { return m_path; }

    void setPassword(const QString &password) { m_password = password; }
    // The URL with any password replaced by "***": the only form that may be shown, logged or stored.
    QString toDisplayString() const;
    // The URL without the password at all: the form kept in the recent-connections list.
    QString toStorableString() const;

    // Seconds libpq waits for a connection when the URL does not say.
    static constexpr int DefaultConnectTimeout = 10;

private:
    QString toString(const QString &passwordText) const;

    Kind m_kind = Kind::Invalid;
    QString m_host;
    int m_port = -1;
    QString m_user;
    QString m_password;
    QString m_database;
    QMap<QString, QString> m_options;
    QString m_path;
    QString m_scheme; // "mysql" or "mariadb", as typed
};
