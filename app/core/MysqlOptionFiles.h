#pragma once

#include <QString>
#include <QStringList>

// The connection settings of the MySQL/MariaDB option files' [client] groups ([client], [client-server],
// [client-mariadb]), read as the mysql client reads them: Qt's QMYSQL driver cannot ask libmariadb to read
// them, so the parts a URL leaves empty are filled from here.
struct MysqlClientOptions
{
    QString host;
    int port = -1;
    QString user;
    QString password;
    QString socket;
    QString database;
};

namespace MysqlOptionFiles {

// The files the client reads, in order (a later one wins): /etc/my.cnf, /etc/mysql/my.cnf, ~/.my.cnf.
QStringList defaultFiles();
// The settings found in `files` (missing files are skipped; !include and !includedir are followed).
MysqlClientOptions read(const QStringList &files);

} // namespace MysqlOptionFiles
