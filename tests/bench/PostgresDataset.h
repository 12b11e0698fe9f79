#pragma once

#include "Dataset.h"

#include <memory>

class Connection;
class PostgresServer;

// The PostgreSQL side: the schema made by the real Django 3.2 site's migrate (tests/django_site), users from
// generate_series, copies by CREATE DATABASE ... TEMPLATE.
class PostgresDataset final : public Dataset
{
public:
    // `python` runs tests/django_site/pa_django.py under `sourceDir`.
    // With `analysed` false the tables never see VACUUM or ANALYZE, and autovacuum is kept off them, as in a
    // database just restored from a dump: the planner has no statistics.
    PostgresDataset(PostgresServer &server, const QString &python, const QString &sourceDir,
                    bool analysed = true);
    ~PostgresDataset() override;

    QString engine() const override;
    QString key() const override
    {
        return m_analysed ? QStringLiteral("postgresql") : QStringLiteral("postgresql-unanalysed");
    }
    bool build(qint64 users, qint64 missingEvery, QString *error) override;
    DatabaseUrl copy(const QString &tag, QString *error) override;
    void drop(const DatabaseUrl &copy) override;
    void settle() override;
    void cleanUp() override;
    HandWrittenSql handWritten() const override;

private:
    bool admin(const QString &sql, QString *error);
    bool migrate(QString *error);
    bool fill(qint64 users, qint64 missingEvery, QString *error);

    PostgresServer &m_server;
    QString m_python;
    QString m_sourceDir;
    std::unique_ptr<Connection> m_admin; // on the maintenance database, for CREATE/DROP DATABASE
    QString m_version;
    bool m_built = false;
    bool m_analysed = true;
};
