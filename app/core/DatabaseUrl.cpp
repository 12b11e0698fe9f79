#include "DatabaseUrl.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

namespace {

// The libpq keywords a URL may carry. QPSQL pastes connect options into the conninfo string without quoting,
// so values are restricted to characters that cannot start another keyword.
const QSet<QString> &allowedOptions()
{
    static const QSet<QString> keys{QStringLiteral("sslmode"),
                                    QStringLiteral("connect_timeout"),
                                    QStringLiteral("application_name"),
                                    QStringLiteral("sslrootcert"),
                                    QStringLiteral("sslcert"),
                                    QStringLiteral("sslkey"),
                                    QStringLiteral("target_session_attrs"),
                                    QStringLiteral("host"),
                                    QStringLiteral("sslcrl")};
    return keys;
}

// The options a mysql:// URL may carry; QMYSQL splits its connect options at ';', which no value may hold.
const QSet<QString> &allowedMysqlOptions()
{
    static const QSet<QString> keys{QStringLiteral("unix_socket"), QStringLiteral("ssl-mode"),
                                    QStringLiteral("connect_timeout")};
    return keys;
}

bool validMysqlSslMode(const QString &value, const QString &shown, QString *error)
{
    const QString mode = value.toUpper();
    if (mode == QLatin1String("DISABLED") || mode == QLatin1String("PREFERRED") ||
        mode == QLatin1String("REQUIRED"))
        return true;
    if (mode == QLatin1String("VERIFY_CA") || mode == QLatin1String("VERIFY_IDENTITY"))
        *error = QStringLiteral("ssl-mode=%1 is not supported: Qt's MySQL driver cannot verify the server's "
                                "certificate; use REQUIRED (encrypted, not verified) or connect through a "
                                "tunnel you trust.")
                     .arg(shown);
    else
        *error = QStringLiteral("Unknown ssl-mode \"%1\" in the database URL; use DISABLED, PREFERRED or "
                                "REQUIRED.")
                     .arg(shown);
    return false;
}

bool validOptionValue(const QString &key, const QString &value, const QString &shown, QString *error)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:@+-]+$"));
    if (!safe.match(value).hasMatch()) {
        *error = QStringLiteral("The value of \"%1\" in the database URL contains characters that are not "
                                "allowed there; use letters, digits and ._/:@+- only.")
                     .arg(key);
        return false;
    }
    if (key == QLatin1String("sslmode")) {
        static const QSet<QString> modes{QStringLiteral("disable"),   QStringLiteral("allow"),
                                         QStringLiteral("prefer"),    QStringLiteral("require"),
                                         QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
        if (!modes.contains(value)) {
            *error = QStringLiteral("Unknown sslmode \"%1\" in the database URL; use disable, allow, prefer, "
                                    "require, verify-ca or verify-full.")
                         .arg(shown);
            return false;
        }
    }
    if (key == QLatin1String("connect_timeout")) {
        bool ok = false;
        const int seconds = value.toInt(&ok);
        if (!ok || seconds < 0) {
            *error = QStringLiteral("connect_timeout in the database URL must be a whole number of seconds, "
                                    "not \"%1\".")
                         .arg(shown);
            return false;
        }
    }
    return true;
}

// Text the user typed, safe to repeat in a message: anything that looks like "user:password@" loses its
// password. A path is repeated when it does not exist, and a mistyped URL ("postgres:/u:pw@h/db") is
// taken for a path.
QString masked(const QString &text)
{
    static const QRegularExpression userInfo(QStringLiteral(":[^@]*@"));
    QString out = text;
    return out.replace(userInfo, QStringLiteral(":***@"));
}

// `value`, taken from a postgres:// URL, as a message may repeat it: "***" when it shares three characters in
// a row with `secret`, the text between "://" and the last '@' (the user info as the user meant it, even when
// an unencoded character made the parser cut it elsewhere and hand parts of it on as a port, an option or a
// database name).
QString echo(const QString &value, const QString &secret)
{
    if (secret.isEmpty())
        return value;
    const QString decoded = QUrl::fromPercentEncoding(secret.toUtf8());
    if (value.size() < 3)
        return secret.contains(value) || decoded.contains(value) ? QStringLiteral("***") : value;
    for (qsizetype i = 0; i + 3 <= value.size(); ++i) {
        const QString window = value.mid(i, 3);
        if (secret.contains(window) || decoded.contains(window))
            return QStringLiteral("***");
    }
    return value;
}

// Characters that end the user info early unless percent-encoded; a password holding one would be split and
// parts of it taken for the host, port, path or query, where messages would repeat them.
QString encodeAdvice(bool mysql)
{
    return QStringLiteral("The user name or password in the database URL contains a character that must be "
                          "percent-encoded there (/ ? # @ or a space); encode it (/ as %2F, ? as %3F, # as "
                          "%23, @ as %40), or better, keep the password in %1.")
        .arg(mysql ? QStringLiteral("~/.my.cnf") : QStringLiteral("~/.pgpass or PGPASSWORD"));
}

DatabaseUrl invalid(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return {};
}

} // namespace

DatabaseUrl DatabaseUrl::parse(const QString &input, QString *error)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return invalid(error,
                       QStringLiteral("No database given; pass a postgres:// URL or an SQLite file path "
                                      "(or set DATABASE_URL)."));

    static const QRegularExpression schemeRe(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    const auto schemeMatch = schemeRe.match(text);
    static const QRegularExpression mistypedScheme(
        QStringLiteral("^(postgres|postgresql|pgsql|mysql|mariadb):/?[^/]"),
        QRegularExpression::CaseInsensitiveOption);
    if (!schemeMatch.hasMatch()) {
        const auto mistyped = mistypedScheme.match(text);
        if (mistyped.hasMatch()) {
            const QString typed = mistyped.captured(1).toLower();
            return invalid(error, QStringLiteral("The database URL \"%1\" is malformed: it must start with "
                                                 "%2:// (two slashes), as in %2://user@host:port/dbname.")
                                      .arg(masked(text), typed));
        }
    }
    DatabaseUrl url;
    if (!schemeMatch.hasMatch() ||
        schemeMatch.captured(1).compare(QLatin1String("sqlite"), Qt::CaseInsensitive) == 0) {
        QString path = text;
        if (schemeMatch.hasMatch()) {
            // sqlite:///relative/path.db and sqlite:////absolute/path.db, as dj-database-url reads them.
            path = text.mid(schemeMatch.capturedLength());
            if (!path.startsWith(QLatin1Char('/')) || path.size() < 2)
                return invalid(error,
                               QStringLiteral("An SQLite URL needs three slashes and a path, as in "
                                              "sqlite:///relative.db or sqlite:////absolute/path.db."));
            path = QUrl::fromPercentEncoding(path.mid(1).toUtf8());
        }
        const QFileInfo info(path);
        if (!info.exists())
            return invalid(
                error, QStringLiteral("The SQLite file \"%1\" does not exist; check the path (profile-admin "
                                      "never creates an empty database).")
                           .arg(masked(path)));
        if (info.isDir())
            return invalid(
                error,
                QStringLiteral("\"%1\" is a directory, not an SQLite database file.").arg(masked(path)));
        url.m_kind = Kind::SQLite;
        url.m_path = info.absoluteFilePath();
        return url;
    }

    const QString scheme = schemeMatch.captured(1).toLower();
    const bool mysql = scheme == QLatin1String("mysql") || scheme == QLatin1String("mariadb");
    if (!mysql && scheme != QLatin1String("postgres") && scheme != QLatin1String("postgresql") &&
        scheme != QLatin1String("pgsql"))
        return invalid(error, QStringLiteral("Unsupported database scheme \"%1\"; use postgres://, mysql://, "
                                             "mariadb://, sqlite:// or the path of an SQLite file.")
                                  .arg(schemeMatch.captured(1)));
    const QString shownScheme = mysql ? scheme : QStringLiteral("postgres");

    // QUrl needs a host to accept user info; give it a placeholder and remember whether the host was empty.
    QString rest = text.mid(schemeMatch.capturedLength());
    const QString secret = rest.left(qMax<qsizetype>(rest.lastIndexOf(QLatin1Char('@')), 0));
    {
        // An '@' can only end the user info: if one comes after a '/' or '#' (before the query), or inside
        // the query as part of a name, the user info holds a character that should have been encoded.
        const qsizetype query = rest.indexOf(QLatin1Char('?'));
        const QString beforeQuery = rest.left(query < 0 ? rest.size() : query);
        const qsizetype lastAt = beforeQuery.lastIndexOf(QLatin1Char('@'));
        const QString userInfo = beforeQuery.left(qMax<qsizetype>(lastAt, 0));
        static const QRegularExpression atInOptionName(QStringLiteral("[?&][^=&]*@"));
        // With user info present, another '@' in the query makes it ambiguous where the password ends.
        const bool atAfterUserInfo = lastAt >= 0 && query >= 0 && rest.indexOf(QLatin1Char('@'), query) >= 0;
        if (atAfterUserInfo || userInfo.contains(QLatin1Char('/')) || userInfo.contains(QLatin1Char('#')) ||
            userInfo.contains(QLatin1Char(' ')) ||
            (query >= 0 && atInOptionName.match(rest, query).hasMatch()))
            return invalid(error, encodeAdvice(mysql));
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const qsizetype question = rest.indexOf(QLatin1Char('?'));
    const qsizetype authorityEnd =
        slash < 0 ? (question < 0 ? rest.size() : question) : (question < 0 ? slash : qMin(slash, question));
    const QString authority = rest.left(authorityEnd);
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    const QString hostPort = authority.mid(at + 1);
    const bool emptyHost = hostPort.isEmpty() || hostPort.startsWith(QLatin1Char(':'));
    if (emptyHost)
        rest.insert(at + 1, QStringLiteral("placeholder.invalid"));

    const QUrl parsed(QStringLiteral("postgres://") + rest, QUrl::StrictMode);
    if (!parsed.isValid()) {
        if (hostPort.contains(QLatin1Char(':'))) {
            const QString port = hostPort.mid(hostPort.lastIndexOf(QLatin1Char(':')) + 1);
            bool ok = false;
            const int number = port.toInt(&ok);
            if (!ok || number < 1 || number > 65535)
                return invalid(error,
                               QStringLiteral("The port \"%1\" in the database URL is not a number from 1 "
                                              "to 65535.")
                                   .arg(echo(port, secret)));
        }
        return invalid(
            error, QStringLiteral("The database URL is malformed (%1); the form is "
                                  "%2://user@host:port/dbname.")
                       .arg(echo(parsed.errorString().section(QLatin1Char(';'), 0, 0), secret), shownScheme));
    }
    if (parsed.hasFragment())
        return invalid(error,
                       QStringLiteral("The database URL ends in a #fragment, which %1 does not understand; "
                                      "remove it (a # in a password is written %23).")
                           .arg(mysql ? QStringLiteral("the MySQL client") : QStringLiteral("libpq")));
    if (parsed.port() == 0)
        return invalid(error,
                       QStringLiteral("The port \"0\" in the database URL is not a number from 1 to 65535."));

    url.m_kind = mysql ? Kind::MySQL : Kind::PostgreSQL;
    if (mysql)
        url.m_scheme = scheme;
    url.m_host = emptyHost ? QString() : parsed.host(QUrl::FullyDecoded);
    url.m_port = parsed.port();
    url.m_user = parsed.userName(QUrl::FullyDecoded);
    url.m_password = parsed.password(QUrl::FullyDecoded);
    QString database = parsed.path(QUrl::FullyDecoded);
    if (database.startsWith(QLatin1Char('/')))
        database.remove(0, 1);
    if (database.isEmpty())
        return invalid(error,
                       QStringLiteral("The database URL names no database; add it after the host, as in "
                                      "%1://host/dbname.")
                           .arg(shownScheme));
    if (database.contains(QLatin1Char('/')))
        return invalid(error,
                       QStringLiteral("The database name \"%1\" in the URL contains a slash; percent-encode "
                                      "it as %2F if it is really part of the name.")
                           .arg(echo(database, secret)));
    url.m_database = database;

    const QUrlQuery query(parsed);
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        static const QRegularExpression plainKey(QStringLiteral("^[A-Za-z_-]{1,40}$"));
        if (mysql) {
            if (!allowedMysqlOptions().contains(item.first))
                return invalid(error,
                               QStringLiteral("Unknown option \"%1\" in the database URL; known options are "
                                              "unix_socket, ssl-mode and connect_timeout.")
                                   .arg(plainKey.match(item.first).hasMatch() ? echo(item.first, secret)
                                                                              : QStringLiteral("?")));
            QString problem;
            if (!validOptionValue(item.first, item.second, echo(item.second, secret), &problem) ||
                (item.first == QLatin1String("ssl-mode") &&
                 !validMysqlSslMode(item.second, echo(item.second, secret), &problem)))
                return invalid(error, problem);
            url.m_options.insert(item.first, item.first == QLatin1String("ssl-mode") ? item.second.toUpper()
                                                                                     : item.second);
            continue;
        }
        if (!allowedOptions().contains(item.first))
            return invalid(error,
                           QStringLiteral("Unknown option \"%1\" in the database URL; known options are "
                                          "sslmode, connect_timeout, application_name, host, sslrootcert, "
                                          "sslcert, sslkey, sslcrl and target_session_attrs.")
                               .arg(plainKey.match(item.first).hasMatch() ? echo(item.first, secret)
                                                                          : QStringLiteral("?")));
        QString problem;
        if (!validOptionValue(item.first, item.second, echo(item.second, secret), &problem))
            return invalid(error, problem);
        url.m_options.insert(item.first, item.second);
    }
    if (url.m_options.contains(QStringLiteral("host"))) {
        if (!url.m_host.isEmpty())
            return invalid(error,
                           QStringLiteral("The database URL gives the host twice (before the path and as "
                                          "?host=); keep one."));
        url.m_host = url.m_options.take(QStringLiteral("host"));
    }
    return url;
}

QString DatabaseUrl::toString(const QString &passwordText) const
{
    if (m_kind == Kind::SQLite)
        return m_path;
    if (m_kind == Kind::Invalid)
        return {};
    QString out = m_kind == Kind::MySQL ? m_scheme + QStringLiteral("://") : QStringLiteral("postgres://");
    if (!m_user.isEmpty()) {
        out += QString::fromUtf8(QUrl::toPercentEncoding(m_user));
        if (!m_password.isEmpty() && !passwordText.isEmpty())
            out += QLatin1Char(':') + passwordText;
        out += QLatin1Char('@');
    }
    // A socket directory cannot stand in the authority, nor can anything else given as ?host= that is no
    // valid URL host; libpq takes them as ?host=, and parse() reads them back from there.
    const QString authorityHost =
        m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    QUrl hostCheck;
    hostCheck.setHost(authorityHost, QUrl::StrictMode);
    const bool socketDir =
        !m_host.isEmpty() && (m_host.startsWith(QLatin1Char('/')) || !hostCheck.isValid() ||
                              hostCheck.host(QUrl::FullyDecoded) != m_host);
    if (!socketDir)
        out += authorityHost;
    if (m_port > 0)
        out += QLatin1Char(':') + QString::number(m_port);
    out += QLatin1Char('/') + QString::fromUtf8(QUrl::toPercentEncoding(m_database));
    QUrlQuery query;
    if (socketDir)
        query.addQueryItem(QStringLiteral("host"), m_host);
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    if (!query.isEmpty())
        out += QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    return out;
}

QString DatabaseUrl::toDisplayString() const
{
    return toString(QStringLiteral("***"));
}

QString DatabaseUrl::toStorableString() const
{
    return toString(QString());
}
