#include "MysqlOptionFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTextStream>

namespace {

bool isClientGroup(const QString &group)
{
    static const QSet<QString> groups{QStringLiteral("client"), QStringLiteral("client-server"),
                                      QStringLiteral("client-mariadb")};
    return groups.contains(group.toLower());
}

QString unquoted(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')) &&
        value.back() == value.front())
        return value.mid(1, value.size() - 2);
    // An unquoted value ends at a comment.
    const qsizetype hash = value.indexOf(QLatin1Char('#'));
    return hash < 0 ? value : value.left(hash).trimmed();
}

void apply(MysqlClientOptions &options, const QString &rawKey, const QString &value)
{
    QString key = rawKey.trimmed().toLower();
    key.replace(QLatin1Char('-'), QLatin1Char('_'));
    if (key == QLatin1String("host"))
        options.host = value;
    else if (key == QLatin1String("port")) {
        bool ok = false;
        const int port = value.toInt(&ok);
        if (ok && port > 0 && port < 65536)
            options.port = port;
    } else if (key == QLatin1String("user"))
        options.user = value;
    else if (key == QLatin1String("password"))
        options.password = value;
    else if (key == QLatin1String("socket"))
        options.socket = value;
    else if (key == QLatin1String("database"))
        options.database = value;
}

void readFile(const QString &path, MysqlClientOptions &options, int depth)
{
    // Includes that include each other must not recurse for ever.
    if (depth > 10)
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return;
    QTextStream in(&file);
    bool inClientGroup = false;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1String("!includedir"))) {
            const QDir dir(line.mid(11).trimmed());
            const QStringList names =
                dir.entryList({QStringLiteral("*.cnf")}, QDir::Files | QDir::Readable, QDir::Name);
            for (const QString &name : names)
                readFile(dir.filePath(name), options, depth + 1);
            continue;
        }
        if (line.startsWith(QLatin1String("!include"))) {
            readFile(line.mid(8).trimmed(), options, depth + 1);
            continue;
        }
        if (line.startsWith(QLatin1Char('['))) {
            const qsizetype end = line.indexOf(QLatin1Char(']'));
            inClientGroup = end > 0 && isClientGroup(line.mid(1, end - 1).trimmed());
            continue;
        }
        if (!inClientGroup)
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals > 0)
            apply(options, line.left(equals), unquoted(line.mid(equals + 1)));
    }
}

} // namespace

namespace MysqlOptionFiles {

QStringList defaultFiles()
{
    return {QStringLiteral("/etc/my.cnf"), QStringLiteral("/etc/mysql/my.cnf"),
            QDir::homePath() + QStringLiteral("/.my.cnf")};
}

MysqlClientOptions read(const QStringList &files)
{
    MysqlClientOptions options;
    for (const QString &path : files) {
        if (QFileInfo::exists(path))
            readFile(path, options, 0);
    }
    return options;
}

} // namespace MysqlOptionFiles
