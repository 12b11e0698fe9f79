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
    PostgresDataset(PostgresServer &server, const QString &python, const QString &sourceDir);
    ~PostgresDataset() override;

    QString engine() const override;
    QString key() const override { return QStringLiteral("postgresql"); }
    bool build(qint64 users, QString *error) override;
    DatabaseUrl copy(const QString &tag, QString *error) override;
    void drop(const DatabaseUrl &copy) override;
    void settle() override;
    void cleanUp() override;

private:
    bool admin(const QString &sql, QString *error);
    bool migrate(QString *error);
    bool fill(qint64 users, QString *error);

    PostgresServer &m_server;
    QString m_python;
    QString m_sourceDir;
    std::unique_ptr<Connection> m_admin; // on the maintenance database, for CREATE/DROP DATABASE
    QString m_version;
    bool m_built = false;
};
