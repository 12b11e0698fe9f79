#pragma once

#include "Dataset.h"

#include <memory>

class Connection;
class MariadbServer;

// The MariaDB side: the schema made by the real Django 3.2 site's migrate on Django's MySQL backend
// (tests/django_site: InnoDB, utf8mb4, datetime(6), tinyint(1), the unique index and foreign key on the
// link), users from the Sequence engine's seq_1_to_N. MariaDB has no template databases, so a copy is each
// table's own CREATE TABLE plus an INSERT ... SELECT of its rows, analysed as the template was.
class MariadbDataset final : public Dataset
{
public:
    // `python` runs tests/django_site/pa_django.py under `sourceDir`.
    MariadbDataset(MariadbServer &server, const QString &python, const QString &sourceDir);
    ~MariadbDataset() override;

    QString engine() const override;
    QString key() const override { return QStringLiteral("mariadb"); }
    bool build(qint64 users, qint64 missingEvery, QString *error) override;
    DatabaseUrl copy(const QString &tag, QString *error) override;
    void drop(const DatabaseUrl &copy) override;
    void settle() override;
    void cleanUp() override;
    HandWrittenSql handWritten() const override;

private:
    bool admin(const QString &sql, QString *error);
    bool fill(qint64 users, qint64 missingEvery, QString *error);
    bool copyTables(const QString &target, QString *error);

    MariadbServer &m_server;
    QString m_python;
    QString m_sourceDir;
    std::unique_ptr<Connection> m_admin; // for CREATE/DROP DATABASE and the copies
    QString m_version;
    bool m_built = false;
};
