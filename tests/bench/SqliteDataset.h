#pragma once

#include "Dataset.h"

// The SQLite side: the schema from resources/demo/schema.sql (what Django 3.2's migrate makes, captured by
// tests/django_site), users from a recursive CTE, copies by copying the file.
class SqliteDataset final : public Dataset
{
public:
    // Files go into `folder`, which must exist.
    explicit SqliteDataset(const QString &folder);

    QString engine() const override;
    QString key() const override { return QStringLiteral("sqlite"); }
    bool build(qint64 users, qint64 missingEvery, QString *error) override;
    DatabaseUrl copy(const QString &tag, QString *error) override;
    void drop(const DatabaseUrl &copy) override;
    void settle() override;
    void cleanUp() override;
    HandWrittenSql handWritten() const override;

private:
    QString m_folder;
    QString m_template;
    QString m_version;
};
