#pragma once

#include "TestDatabase.h"

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// tests/faults/django_writer.py as a background process: a Django site that keeps writing to the test
// database (signing users up with a post_save profile, or get_or_create()ing profiles) until stopped.
class SiteWriter
{
public:
    enum class Mode { Users, Profiles };

    // Profiles mode picks users with ids firstId..lastId.
    SiteWriter(const TestDatabase &db, Mode mode, qint64 firstId = 1, qint64 lastId = 1);
    ~SiteWriter();
    SiteWriter(const SiteWriter &) = delete;
    SiteWriter &operator=(const SiteWriter &) = delete;

    // Starts the writer and waits until its first write is committed.
    bool start(QString *error);
    // Asks it to stop, waits, and returns its summary (users_created, users_with_profile, created, found,
    // errors, error_count); {"error": ...} when it did not end properly.
    QJsonObject stop();

private:
    QString stderrText() const;

    const TestDatabase &m_db;
    Mode m_mode;
    qint64 m_firstId;
    qint64 m_lastId;
    QTemporaryDir m_dir;
    QProcess m_process;
};
